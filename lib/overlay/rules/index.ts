/**
 * The semantic rules of a merged stack, in the order their problems are reported: what the
 * JSON Schema cannot express (references between services, what each kind needs, values
 * that only make sense together). A new rule is a function in the file of its concern,
 * listed here.
 */
import { alertingReceivers, alertingRoutes, alertingSecretStore, stackAlertThresholds } from './alerting';
import { customAlertExpressions, customAlertMetrics, customAlertNames, serviceAlertTargets, serviceAlertThresholds } from './alerts';
import { envSources, externalSecretStore } from './env-secrets';
import { initContainerKeys, sidecarProbes, uniqueContainerNames } from './containers';
import { dependencyTargets, waitCycles } from './dependencies';
import { extraObjectPlacement } from './extra-objects';
import { jobLimits } from './job-limits';
import { serviceMetadataKeys, stackMetadataKeys } from './metadata';
import { servicePodSettings, stackPodSettings } from './pod-settings';
import { instanceLabelLength, reservedServiceName, serviceNameLength } from './names';
import { uniqueIngressRoutes } from './hosts';
import { fileMountPaths, fileSources, secretFileModes } from './files';
import { adminRoutes, edgeIssuer, productionEdge, routeSettings } from './edge';
import { egressExceptions } from './network';
import { backupSettings, sloSource } from './operations';
import { ingressPort, metricsPort, uniquePortNames, uniquePortNumbers } from './ports';
import { postgresClients, postgresSettings } from './postgres';
import { productionStoreCopies } from './production';
import { probeShapes, requiredProbes } from './probes';
import { distributedSettings } from './qdrant';
import { sentinelSettings } from './redis';
import { kedaBounds, kedaOrAutoscaling, kedaQueueStores, migrationDatabase, scaleToZeroBehindIngress } from './keda';
import type { ServiceRule, StackRule } from './rule';
import {
  autoscalingBounds, disruptionBudget, oneReplicaKinds, replicasOrAutoscaling, singleServerStores, vpaBesideHpa, vpaCeiling,
} from './scaling';
import { shutdownTiming } from './shutdown';
import { blueGreenReadiness, canaryWeights, productionPromotion, releaseAnalysis, releaseKind, releaseSettings } from './release';
import { storeWithoutBackup } from './warnings';
import {
  externalAddress, keysOnlyForSomeKinds, podKeysWithoutPods, portsByKind, scheduleByKind, storageByKind, workloadKeys,
} from './type-keys';

export { serviceContext, type ServiceContext, type ServiceRule, type StackContext, type StackRule } from './rule';

/** Rules over the whole stack, run first. */
export const STACK_RULES: readonly StackRule[] = [instanceLabelLength, waitCycles, uniqueIngressRoutes, edgeIssuer, productionEdge, stackMetadataKeys, stackPodSettings, extraObjectPlacement,
  alertingSecretStore, alertingReceivers, alertingRoutes, stackAlertThresholds, customAlertNames];

/** Rules on every service's name, also of services disabled in the environment. */
export const NAMING_RULES: readonly ServiceRule[] = [serviceNameLength, reservedServiceName];

/** Rules on each enabled service, run after its naming rules. */
export const SERVICE_RULES: readonly ServiceRule[] = [
  keysOnlyForSomeKinds,
  podKeysWithoutPods,
  autoscalingBounds,
  replicasOrAutoscaling,
  disruptionBudget,
  vpaCeiling,
  vpaBesideHpa,
  kedaOrAutoscaling,
  kedaBounds,
  scaleToZeroBehindIngress,
  envSources,
  externalSecretStore,
  backupSettings,
  postgresSettings,
  postgresClients,
  sloSource,
  serviceAlertThresholds,
  serviceAlertTargets,
  customAlertExpressions,
  externalAddress,
  workloadKeys,
  requiredProbes,
  shutdownTiming,
  uniquePortNumbers,
  egressExceptions,
  uniqueContainerNames,
  initContainerKeys,
  sidecarProbes,
  uniquePortNames,
  metricsPort,
  ingressPort,
  routeSettings,
  adminRoutes,
  fileSources,
  fileMountPaths,
  secretFileModes,
  portsByKind,
  storageByKind,
  scheduleByKind,
  singleServerStores,
  sentinelSettings,
  distributedSettings,
  productionStoreCopies,
  oneReplicaKinds,
  dependencyTargets,
  kedaQueueStores,
  migrationDatabase,
  probeShapes,
  serviceMetadataKeys,
  servicePodSettings,
  jobLimits,
  releaseKind,
  releaseSettings,
  canaryWeights,
  blueGreenReadiness,
  releaseAnalysis,
  productionPromotion,
];

/** Rules whose problems are warnings: the stack renders, but probably not as meant. */
export const WARNING_RULES: readonly ServiceRule[] = [storeWithoutBackup, customAlertMetrics];

export { clustersWithoutDestination, hostsSharedAcrossEnvironments } from './warnings';
