/**
 * The Pod Security Standard "restricted" profile, control by control, as the
 * pod-security admission controller of Kubernetes 1.28 enforces it, for
 * containers, init containers and ephemeral containers of every pod-bearing kind.
 * Failing any of these means a restricted namespace rejects the pod at admission.
 */
import type { Check } from '../check';
import type { PodTemplate } from '../pod-template';
import { show, asArray, asRecord, asString, asStringMap, type JsonRecord } from '../../shared/values';

const group = 'pod-security';
const PSS = 'Pod Security Standard "restricted"';

/** A field counts as set when it is anything but absent, null or false (YAML 1.1 `yes` is true). */
const isOn = (value: unknown) => value !== undefined && value !== null && value !== false;

const securityContextOf = (value: JsonRecord) => asRecord(value.securityContext) ?? {};

const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Sysctls the baseline profile of Kubernetes 1.28 allows (namespaced and isolated from the node). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
]);

const ALLOWED_SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function eachPod(inventory: { podTemplates: readonly PodTemplate[] }, fn: (pod: PodTemplate) => void): void {
  for (const pod of inventory.podTemplates) fn(pod);
}

export const podSecurityChecks: readonly Check[] = [
  {
    id: 'pss-host-namespaces',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Pods do not share the host network, PID or IPC namespace.',
    hint: 'remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false)',
    rationale: `${PSS}, control "Host Namespaces": sharing host namespaces lets a pod see and reach host processes and interfaces. kube-linter host-network/host-pid/host-ipc; Polaris hostNetworkSet/hostPIDSet/hostIPCSet.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
          if (isOn(pod.spec[key])) {
            report(pod.manifest, [...pod.specPath, key], `the pod sets ${key}: ${show(pod.spec[key])}`, `remove ${key} (or set it to false)`);
          }
        }
      });
    },
  },
  {
    id: 'pss-privileged',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No container runs privileged.',
    hint: 'remove securityContext.privileged or set it to false',
    rationale: `${PSS}, control "Privileged Containers": a privileged container has every device and capability of the host. kube-linter privileged-container; Polaris privilegeEscalationAllowed/runAsPrivileged.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        for (const ref of pod.containers) {
          const value = securityContextOf(ref.container).privileged;
          if (isOn(value)) {
            report(pod.manifest, [...ref.path, 'securityContext', 'privileged'], `${ref.label} is privileged (securityContext.privileged: ${show(value)})`);
          }
        }
      });
    },
  },
  {
    id: 'pss-capabilities',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every container drops ALL capabilities and adds back at most NET_BIND_SERVICE.',
    hint: 'set securityContext.capabilities: {drop: [ALL]} and add nothing but NET_BIND_SERVICE',
    rationale: `${PSS}, control "Capabilities": Linux capabilities are pieces of root. Exempt for Windows pods. kube-linter drop-net-raw-capability; Polaris dangerousCapabilities/insecureCapabilities.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        if (pod.windows) return;
        for (const ref of pod.containers) {
          const capabilities = asRecord(securityContextOf(ref.container).capabilities) ?? {};
          const path = [...ref.path, 'securityContext', 'capabilities'];
          const drop = asArray(capabilities.drop);
          if (!drop.includes('ALL')) {
            const now = capabilities.drop === undefined ? 'drops nothing' : `drops only ${show(capabilities.drop)}`;
            report(pod.manifest, [...path, 'drop'], `${ref.label} must drop ALL capabilities, but ${now}`, 'add ALL to securityContext.capabilities.drop');
          }
          asArray(capabilities.add).forEach((capability, index) => {
            if (capability !== 'NET_BIND_SERVICE') {
              report(pod.manifest, [...path, 'add', index], `${ref.label} adds capability ${show(capability)}; only NET_BIND_SERVICE may be added`, `remove ${show(capability)} from securityContext.capabilities.add`);
            }
          });
        }
      });
    },
  },
  {
    id: 'pss-volume-types',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Pods use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes (no hostPath).',
    hint: 'replace the volume with one of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret',
    rationale: `${PSS}, controls "HostPath Volumes" and "Volume Types": hostPath and in-tree volume plugins reach node storage or bypass CSI controls. kube-linter sensitive-host-mounts; Polaris hostPathSet.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        asArray(pod.spec.volumes).forEach((value, index) => {
          const volume = asRecord(value);
          if (!volume) return;
          const name = asString(volume.name) ?? `#${index}`;
          for (const type of Object.keys(volume)) {
            if (type === 'name' || ALLOWED_VOLUME_TYPES.has(type)) continue;
            const why = type === 'hostPath' ? `mounts the host path ${show(asRecord(volume.hostPath)?.path)}` : `has type ${type}, which the restricted profile forbids`;
            report(pod.manifest, [...pod.specPath, 'volumes', index, type], `volume "${name}" ${why}`);
          }
        });
      });
    },
  },
  {
    id: 'pss-host-ports',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No container binds a host port.',
    hint: 'remove hostPort and expose the port through a Service',
    rationale: `${PSS} (baseline), control "Host Ports": host ports bypass NetworkPolicy and limit scheduling. kube-linter host-port; Polaris hostPortSet.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        for (const ref of pod.containers) {
          asArray(ref.container.ports).forEach((value, index) => {
            const hostPort = asRecord(value)?.hostPort;
            if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
              report(pod.manifest, [...ref.path, 'ports', index, 'hostPort'], `${ref.label} binds host port ${show(hostPort)}`);
            }
          });
        }
      });
    },
  },
  {
    id: 'pss-seccomp',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A seccomp profile of type RuntimeDefault or Localhost applies to every container (set on the pod or on each container).',
    hint: 'set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod',
    rationale: `${PSS}, control "Seccomp": without a seccomp profile every syscall is allowed. Exempt for Windows pods. kube-score container-seccomp-profile.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        if (pod.windows) return;
        const podContext = asRecord(pod.spec.securityContext) ?? {};
        const podType = asRecord(podContext.seccompProfile)?.type;
        const podPath = [...pod.specPath, 'securityContext', 'seccompProfile', 'type'];
        if (podType !== undefined && !ALLOWED_SECCOMP.has(podType)) {
          report(pod.manifest, podPath, `the pod's seccompProfile.type is ${show(podType)}`, 'set spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost)');
        }
        const podCovers = ALLOWED_SECCOMP.has(podType);
        for (const ref of pod.containers) {
          const type = asRecord(securityContextOf(ref.container).seccompProfile)?.type;
          const path = [...ref.path, 'securityContext', 'seccompProfile', 'type'];
          if (type !== undefined && !ALLOWED_SECCOMP.has(type)) {
            report(pod.manifest, path, `${ref.label} sets seccompProfile.type ${show(type)}`, 'set the container seccompProfile.type to RuntimeDefault (or Localhost), or remove it to inherit the pod profile');
          } else if (type === undefined && !podCovers) {
            report(pod.manifest, path, `${ref.label} runs without a seccomp profile (neither the pod nor the container sets RuntimeDefault or Localhost)`);
          }
        }
      });
    },
  },
  {
    id: 'pss-run-as-non-root',
    group,
    severity: 'error',
    class: 'policy',
    description: 'runAsNonRoot is true on the pod or on every container, and no container sets it to false.',
    hint: 'set spec.securityContext.runAsNonRoot: true (and runAsUser to a non-zero id if the image has no USER)',
    rationale: `${PSS}, control "Running as Non-root": the kubelet then refuses to start a container whose user is root. kube-linter run-as-non-root; Polaris runAsRootAllowed.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        const podValue = asRecord(pod.spec.securityContext)?.runAsNonRoot;
        if (podValue !== undefined && podValue !== true) {
          report(pod.manifest, [...pod.specPath, 'securityContext', 'runAsNonRoot'], `the pod sets runAsNonRoot: ${show(podValue)}`);
        }
        for (const ref of pod.containers) {
          const value = securityContextOf(ref.container).runAsNonRoot;
          const path = [...ref.path, 'securityContext', 'runAsNonRoot'];
          if (value !== undefined && value !== true) {
            report(pod.manifest, path, `${ref.label} sets runAsNonRoot: ${show(value)}`, 'set securityContext.runAsNonRoot: true on the container, or remove it');
          } else if (value === undefined && podValue !== true) {
            report(pod.manifest, path, `${ref.label} may run as root: runAsNonRoot is set to true neither on the pod nor on the container`);
          }
        }
      });
    },
  },
  {
    id: 'pss-run-as-user',
    group,
    severity: 'error',
    class: 'policy',
    description: 'runAsUser is never 0 (root), on the pod or any container.',
    hint: 'set runAsUser to a non-zero user id (for example 10001), or remove it and rely on runAsNonRoot',
    rationale: `${PSS}, control "Running as Non-root user": user id 0 is root. kube-score container-security-context-user-group-id.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        if (asRecord(pod.spec.securityContext)?.runAsUser === 0) {
          report(pod.manifest, [...pod.specPath, 'securityContext', 'runAsUser'], 'the pod sets runAsUser: 0 (root)');
        }
        for (const ref of pod.containers) {
          if (securityContextOf(ref.container).runAsUser === 0) {
            report(pod.manifest, [...ref.path, 'securityContext', 'runAsUser'], `${ref.label} sets runAsUser: 0 (root)`);
          }
        }
      });
    },
  },
  {
    id: 'pss-privilege-escalation',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every container sets allowPrivilegeEscalation: false explicitly.',
    hint: 'set securityContext.allowPrivilegeEscalation: false on the container',
    rationale: `${PSS}, control "Privilege Escalation": without it setuid binaries can gain privileges (no_new_privs is off). Exempt for Windows pods. kube-linter privilege-escalation-container; Polaris privilegeEscalationAllowed.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        if (pod.windows) return;
        for (const ref of pod.containers) {
          const value = securityContextOf(ref.container).allowPrivilegeEscalation;
          if (value !== false) {
            const now = value === undefined ? 'does not set it' : `sets ${show(value)}`;
            report(pod.manifest, [...ref.path, 'securityContext', 'allowPrivilegeEscalation'], `${ref.label} must set allowPrivilegeEscalation: false, but ${now}`);
          }
        }
      });
    },
  },
  {
    id: 'pss-proc-mount',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No container sets procMount other than Default.',
    hint: 'remove securityContext.procMount (or set it to Default)',
    rationale: `${PSS} (baseline), control "/proc Mount Type": an Unmasked /proc exposes host kernel details.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        for (const ref of pod.containers) {
          const value = securityContextOf(ref.container).procMount;
          if (value !== undefined && value !== 'Default') {
            report(pod.manifest, [...ref.path, 'securityContext', 'procMount'], `${ref.label} sets procMount ${show(value)}`);
          }
        }
      });
    },
  },
  {
    id: 'pss-sysctls',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Pods set only the safe, namespaced sysctls.',
    hint: `remove the sysctl; only ${[...SAFE_SYSCTLS].join(', ')} are allowed`,
    rationale: `${PSS} (baseline), control "Sysctls": other sysctls affect the whole node.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        asArray(asRecord(pod.spec.securityContext)?.sysctls).forEach((value, index) => {
          const name = asRecord(value)?.name;
          if (typeof name !== 'string' || !SAFE_SYSCTLS.has(name)) {
            report(pod.manifest, [...pod.specPath, 'securityContext', 'sysctls', index, 'name'], `the pod sets sysctl ${show(name)}, which is not in the safe set`);
          }
        });
      });
    },
  },
  {
    id: 'pss-selinux',
    group,
    severity: 'error',
    class: 'policy',
    description: 'SELinux options set no user or role, and only the container_t, container_init_t or container_kvm_t type.',
    hint: 'remove seLinuxOptions.user and .role, and use type container_t (or leave seLinuxOptions unset)',
    rationale: `${PSS} (baseline), control "SELinux": a custom user, role or type can escape the container's SELinux confinement.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        const places = [
          { what: 'the pod', options: asRecord(asRecord(pod.spec.securityContext)?.seLinuxOptions), path: [...pod.specPath, 'securityContext', 'seLinuxOptions'] },
          ...pod.containers.map((ref) => ({
            what: ref.label,
            options: asRecord(securityContextOf(ref.container).seLinuxOptions),
            path: [...ref.path, 'securityContext', 'seLinuxOptions'],
          })),
        ];
        for (const { what, options, path } of places) {
          if (!options) continue;
          const type = options.type;
          if (type !== undefined && type !== '' && !ALLOWED_SELINUX_TYPES.has(type)) {
            report(pod.manifest, [...path, 'type'], `${what} sets SELinux type ${show(type)}`);
          }
          for (const key of ['user', 'role']) {
            if (options[key] !== undefined && options[key] !== '') {
              report(pod.manifest, [...path, key], `${what} sets SELinux ${key} ${show(options[key])}`);
            }
          }
        }
      });
    },
  },
  {
    id: 'pss-apparmor',
    group,
    severity: 'error',
    class: 'policy',
    description: 'AppArmor, where set, is RuntimeDefault or Localhost (annotation runtime/default or localhost/*), never unconfined.',
    hint: 'use the runtime/default AppArmor profile (or a localhost/ profile), or remove the override',
    rationale: `${PSS} (baseline), control "AppArmor": an unconfined profile turns off the runtime's AppArmor protection.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        for (const [key, value] of Object.entries(asStringMap(pod.meta.annotations))) {
          if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
          if (value !== 'runtime/default' && !value.startsWith('localhost/')) {
            report(pod.manifest, [...pod.metaPath, 'annotations', key], `AppArmor profile ${show(value)} for container "${key.slice(APPARMOR_ANNOTATION.length)}"`);
          }
        }
        const places = [
          { what: 'the pod', context: asRecord(pod.spec.securityContext) ?? {}, path: [...pod.specPath, 'securityContext'] },
          ...pod.containers.map((ref) => ({ what: ref.label, context: securityContextOf(ref.container), path: [...ref.path, 'securityContext'] })),
        ];
        for (const { what, context, path } of places) {
          const type = asRecord(context.appArmorProfile)?.type;
          if (type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost') {
            report(pod.manifest, [...path, 'appArmorProfile', 'type'], `${what} sets appArmorProfile.type ${show(type)}`);
          }
        }
      });
    },
  },
  {
    id: 'pss-windows-host-process',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No pod or container runs as a Windows HostProcess.',
    hint: 'remove windowsOptions.hostProcess (or set it to false)',
    rationale: `${PSS} (baseline), control "HostProcess": a HostProcess container has full access to the Windows host.`,
    run(inventory, report) {
      eachPod(inventory, (pod) => {
        const podValue = asRecord(asRecord(pod.spec.securityContext)?.windowsOptions)?.hostProcess;
        if (isOn(podValue)) {
          report(pod.manifest, [...pod.specPath, 'securityContext', 'windowsOptions', 'hostProcess'], `the pod sets windowsOptions.hostProcess: ${show(podValue)}`);
        }
        for (const ref of pod.containers) {
          const value = asRecord(securityContextOf(ref.container).windowsOptions)?.hostProcess;
          if (isOn(value)) {
            report(pod.manifest, [...ref.path, 'securityContext', 'windowsOptions', 'hostProcess'], `${ref.label} sets windowsOptions.hostProcess: ${show(value)}`);
          }
        }
      });
    },
  },
  {
    id: 'namespace-pss-enforce',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every Namespace carries the label pod-security.kubernetes.io/enforce: restricted.',
    hint: 'add the label pod-security.kubernetes.io/enforce: restricted to the Namespace',
    rationale: 'Without the label the API server does not enforce the restricted profile, so a pod that slips past this gate would still run.',
    run(inventory, report) {
      const key = 'pod-security.kubernetes.io/enforce';
      for (const manifest of inventory.ofKind('Namespace')) {
        const value = asRecord(asRecord(manifest.object.metadata)?.labels)?.[key];
        if (value !== 'restricted') {
          report(manifest, ['metadata', 'labels', key], `label ${key} is ${show(value)}, not "restricted"`);
        }
      }
    },
  },
];
