/**
 * The runbook of every alert the stack renders: what it means, how to check, how to
 * mitigate, and which incident level it usually is. `npm run gen:runbooks` writes them
 * to docs/runbooks/<Alert>.md; a test fails when they are stale or an alert has none.
 *
 * Incident levels (the operations runbook):
 *   Sev1  total outage                          → roll back the last change
 *   Sev2  error rate > 5 % or p99 latency > 5 s → restart, scale up
 *   Sev3  partial degradation                   → fix in working hours
 */
import { alertDashboardText } from './dashboards/alert-panels';

export type IncidentLevel = 'Sev1' | 'Sev2' | 'Sev3';

export interface Runbook {
  readonly alert: string;
  readonly title: string;
  readonly level: IncidentLevel;
  readonly meaning: string;
  readonly check: readonly string[];
  readonly mitigate: readonly string[];
}

const NS = '<namespace>';
const ERROR_BUDGET_CHECK = [
  `Which SLO burns: the alert's \`slo\` label (\`availability\` = 5xx responses, \`latency\` = requests slower than the objective).`,
  'The ratio behind it: `slo:sli_error:ratio_rate5m{job="<service>", slo="<slo>"}` in Prometheus (and the `_rate1h`, `_rate6h` … series).',
  `Recent changes: \`kubectl -n ${NS} rollout history deployment/<service>\`, the last commits to \`dist/\`.`,
  'Dependencies: are `HighErrorRate`, `HighLatencyP99`, `DatabaseDown` or `PodCrashLooping` firing too?',
];

export const RUNBOOKS: readonly Runbook[] = [
  {
    alert: 'ApplicationDown',
    title: 'No instance of a service answers scrapes',
    level: 'Sev1',
    meaning: 'Prometheus cannot scrape a single instance of the service (`up == 0` for all of them, or no target at all): the service is very likely down for users.',
    check: [
      `\`kubectl -n ${NS} get pods -l app.kubernetes.io/name=<service>\` — are pods Running and Ready?`,
      `\`kubectl -n ${NS} describe deployment <service>\` and \`kubectl -n ${NS} get events --sort-by=.lastTimestamp\`.`,
      `\`kubectl -n ${NS} logs deploy/<service> --previous\` for the last crash.`,
      'The Prometheus targets page: is the target there at all (ServiceMonitor, NetworkPolicy from the monitoring namespace)?',
    ],
    mitigate: [
      `Sev1: roll back the last change — \`kubectl -n ${NS} rollout undo deployment/<service>\` (then revert the commit in \`dist/\` so ArgoCD does not re-apply it).`,
      'If pods are Pending: check quotas and node capacity; scale the node pool.',
      'If only scraping broke (the service answers users): fix the ServiceMonitor / NetworkPolicy; downgrade to Sev3.',
    ],
  },
  {
    alert: 'HighErrorRate',
    title: 'Too many requests fail with a 5xx',
    level: 'Sev2',
    meaning: 'More than the threshold (warning 1 %, critical 5 % by default, `stack.alerts.errorRate*`) of the service\'s requests returned a 5xx over the last 5 minutes.',
    check: [
      'Which endpoints and status codes: `sum by (handler, status) (rate(http_requests_total{job="<service>", status=~"5.."}[5m]))`.',
      `\`kubectl -n ${NS} logs deploy/<service> --since=15m | grep -i error\`.`,
      'Dependencies: `DatabaseDown`, `DatabaseConnectionErrors`, Redis and Qdrant pods.',
      'A rollout in the last hour?',
    ],
    mitigate: [
      'Sev2 (> 5 %): restart the pods (`kubectl rollout restart deployment/<service>`) and scale up if they are saturated (`kubectl scale --replicas=…`).',
      'Started with a rollout: roll back (Sev1 procedure).',
      'Caused by a dependency: follow that alert\'s runbook.',
      'Warning level (> 1 %): Sev3 — open a ticket, watch the SLO burn rate.',
    ],
  },
  {
    alert: 'HighLatencyP99',
    title: 'p99 request latency is too high',
    level: 'Sev2',
    meaning: 'The 99th percentile of request durations is above the threshold (warning 2 s, critical 5 s by default, `stack.alerts.latencyP99*`) over the last 5 minutes.',
    check: [
      'Slow endpoints: `histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket{job="<service>"}[5m])))`.',
      'CPU throttling and memory: `HighCPUUsage`, `HighMemoryUsage`.',
      'Database: slow queries (`pg_stat_activity`), connection pool exhaustion.',
      'Traffic: did the request rate jump? Is the HPA maxed out (`HPAMaxedOut`)?',
    ],
    mitigate: [
      'Sev2 (> 5 s): scale up (`kubectl scale deployment/<service> --replicas=…` or raise the HPA maximum) and restart stuck pods.',
      'Started with a rollout: roll back.',
      'Warning level (> 2 s): Sev3 — find the slow endpoint or query.',
    ],
  },
  // The same alert at another percentile (`services.<name>.alerts.latency.percentile`).
  ...([95, 90, 50] as const).map((p): Runbook => ({
    alert: `HighLatencyP${p}`,
    title: `p${p} request latency is too high`,
    level: 'Sev2',
    meaning:
      `The ${p}th percentile of the service's request durations is above the threshold its \`alerts.latency\` sets (warning and critical; ` +
      'the stack\'s `latencyP99*` by default) over the window it sets (5 minutes by default). The service chose this percentile instead of p99.',
    check: [
      `Slow endpoints: \`histogram_quantile(${p / 100}, sum by (le, handler) (rate(<duration metric>_bucket{job="<service>"}[5m])))\` (the metric: the service's \`alerts.metrics\`).`,
      'CPU throttling and memory: `HighCPUUsage`, `HighMemoryUsage`.',
      'Dependencies: slow queries, connection pool exhaustion, a slow upstream API.',
      'Traffic: did the request rate jump? Is the HPA maxed out (`HPAMaxedOut`)?',
    ],
    mitigate: [
      'Critical level: scale up (`kubectl scale deployment/<service> --replicas=…` or raise the HPA maximum) and restart stuck pods.',
      'Started with a rollout: roll back.',
      'Warning level: Sev3 — find the slow endpoint or query.',
    ],
  })),
  {
    alert: 'WorkloadUnavailable',
    title: 'A service without a metrics endpoint has no available replica',
    level: 'Sev1',
    meaning:
      'kube-state-metrics counts no available replica of the Deployment although it wants some (`kube_deployment_status_replicas_available == 0`, ' +
      '`kube_deployment_spec_replicas > 0`). The service (a worker, a singleton, a web service nobody scrapes) does no work: queues grow, schedules are missed.',
    check: [
      `\`kubectl -n ${NS} get pods -l app.kubernetes.io/name=<service>\` — Pending, CrashLoopBackOff, ImagePullBackOff?`,
      `\`kubectl -n ${NS} describe deployment <service>\` and \`kubectl -n ${NS} get events --sort-by=.lastTimestamp\`.`,
      `\`kubectl -n ${NS} logs deploy/<service> --previous\` for the last crash.`,
      'Its dependencies (Redis, Postgres): `DatabaseDown`, `PodCrashLooping` firing too?',
    ],
    mitigate: [
      `Sev1: roll back the last change — \`kubectl -n ${NS} rollout undo deployment/<service>\` (then revert the commit in \`dist/\`).`,
      'Pending pods: check quotas and node capacity; scale the node pool.',
      'A worker of a queue: once it runs again, watch the queue drain (scale up for the backlog).',
    ],
  },
  {
    alert: 'ExternalDatabaseUnreachable',
    title: 'Clients cannot connect to a managed database outside the cluster',
    level: 'Sev2',
    meaning:
      'The scraped clients of an `external` database count failed database connections (`db_connection_errors_total`, `stack.alerts.metrics.databaseConnectionErrors`). ' +
      'The database runs outside the cluster, so there is no scrape target to be down: its clients are the signal.',
    check: [
      'Which clients fail: `sum by (job) (increase(db_connection_errors_total{namespace="<namespace>"}[5m]))`.',
      'The provider\'s status page and console (maintenance, failover, storage full, connection limit).',
      `From a client pod: \`kubectl -n ${NS} exec deploy/<client> -- nc -zv <host> <port>\` (DNS through the ExternalName Service, the egress NetworkPolicy to its CIDR).`,
      'Credentials: did the secret in the secret store rotate without the clients reloading?',
    ],
    mitigate: [
      'Provider outage: follow the provider\'s incident; fail over if the database has a replica elsewhere.',
      'Network: fix the egress rule (`services.<name>.cidr`) or DNS.',
      'Credentials: restart the clients after the ExternalSecret refreshed (`kubectl rollout restart`).',
    ],
  },
  {
    alert: 'DatabaseDown',
    title: 'The database exporter cannot connect to Postgres',
    level: 'Sev1',
    meaning: '`pg_up` is 0: the Postgres exporter cannot open a connection. Every service depending on Postgres is probably failing.',
    check: [
      `\`kubectl -n ${NS} get pods -l app.kubernetes.io/name=postgres\`, \`kubectl -n ${NS} logs statefulset/postgres\`.`,
      `\`kubectl -n ${NS} exec statefulset/postgres -- pg_isready -U postgres\`.`,
      'Disk: is the volume full (`kubectl exec … -- df -h /var/lib/postgresql/data`)?',
      'Connections: `SELECT count(*) FROM pg_stat_activity` against `max_connections`.',
    ],
    mitigate: [
      'Sev1: restart the pod if it hangs; grow the volume if it is full.',
      'Data loss or corruption: restore the latest verified dump (see `BackupStale` for where dumps are) into a fresh database.',
    ],
  },
  {
    alert: 'DatabaseConnectionErrors',
    title: 'Applications fail to connect to the database',
    level: 'Sev2',
    meaning: 'A service counted failed database connections over the last 5 minutes (`db_connection_errors_total`, `stack.alerts.metrics.databaseConnectionErrors`).',
    check: [
      'Is `DatabaseDown` firing too?',
      'Connection limits: `SELECT count(*), usename FROM pg_stat_activity GROUP BY 2`.',
      'NetworkPolicies: may the service reach `postgres:5432`?',
      'Credentials: was the Secret rotated without restarting the pods?',
    ],
    mitigate: [
      'Restart the failing service after fixing credentials or policies.',
      'Too many connections: lower the pool size per pod or add a pooler; scale Postgres resources.',
    ],
  },
  {
    alert: 'HighCPUUsage',
    title: 'A container uses most of its CPU',
    level: 'Sev3',
    meaning: 'A container uses more than the threshold (80 % by default, `stack.alerts.cpuPercent`) of its CPU request for 15 minutes.',
    check: [
      `\`kubectl -n ${NS} top pods\`.`,
      'Is the HPA scaling (`kubectl get hpa`)? Did traffic grow?',
    ],
    mitigate: [
      'Scale out (replicas / HPA maximum) or raise `resources.cpu` in the overlay.',
      'With latency or errors rising too, treat as Sev2: scale up now.',
    ],
  },
  {
    alert: 'HighMemoryUsage',
    title: 'A container is close to its memory limit',
    level: 'Sev3',
    meaning: 'A container\'s working set is above the threshold (85 % by default, `stack.alerts.memoryPercent`) of its memory limit for 15 minutes; the next spike gets it OOM-killed.',
    check: [
      `\`kubectl -n ${NS} top pods --containers\`.`,
      'OOM kills: `kubectl get pods -o wide` restarts, `kubectl describe pod` → Last State: OOMKilled.',
      'A leak grows steadily; a load spike follows traffic.',
    ],
    mitigate: [
      'Raise `resources.memory` / `memoryLimit` in the overlay, or restart to buy time for a leak.',
    ],
  },
  {
    alert: 'PodCrashLooping',
    title: 'A container keeps restarting',
    level: 'Sev2',
    meaning: 'A container restarted more often than the threshold (3 per hour by default, `stack.alerts.restartsPerHour`).',
    check: [
      `\`kubectl -n ${NS} describe pod <pod>\` (Last State, exit code, OOMKilled?).`,
      `\`kubectl -n ${NS} logs <pod> -c <container> --previous\`.`,
      'Liveness probe too strict? Missing config or Secret?',
    ],
    mitigate: [
      'New image: roll back (Sev1 procedure when the service is down).',
      'OOMKilled: raise the memory limit. Probe failures: fix the probe or the slow startup.',
    ],
  },
  {
    alert: 'DeploymentReplicasMismatch',
    title: 'A Deployment has fewer available replicas than desired',
    level: 'Sev3',
    meaning: 'For 15 minutes the Deployment\'s available replicas differ from its desired count: a rollout is stuck or pods cannot be scheduled.',
    check: [
      `\`kubectl -n ${NS} rollout status deployment/<deployment>\`, \`kubectl -n ${NS} get pods\`.`,
      'Pending pods: `kubectl describe pod` (insufficient CPU/memory, topology spread, PVC).',
    ],
    mitigate: [
      'Stuck rollout of a bad image: `kubectl rollout undo`.',
      'No capacity: scale the node pool or lower requests.',
    ],
  },
  {
    alert: 'StatefulSetReplicasMismatch',
    title: 'A StatefulSet has fewer ready replicas than desired',
    level: 'Sev2',
    meaning: 'For 15 minutes a store\'s ready replicas differ from its desired count.',
    check: [
      `\`kubectl -n ${NS} get statefulset,pods,pvc\`.`,
      'Volume attach errors in `kubectl get events`.',
    ],
    mitigate: [
      'Delete a stuck pod (the StatefulSet recreates it with the same volume).',
      'Volume problems: check the StorageClass and node; do not delete the PVC.',
    ],
  },
  {
    alert: 'HPAMaxedOut',
    title: 'An autoscaler runs at its maximum',
    level: 'Sev3',
    meaning: 'For 15 minutes the HorizontalPodAutoscaler has been at `maxReplicas`: it cannot add capacity any more.',
    check: [
      `\`kubectl -n ${NS} describe hpa <hpa>\` — current metrics against targets.`,
      'Latency and error rate of the service.',
    ],
    mitigate: [
      'Raise `autoscaling.maxReplicas` in the overlay (check node capacity first).',
      'With errors or latency above the Sev2 thresholds: scale up now, then fix the overlay.',
    ],
  },
  {
    alert: 'PDBNotEnoughHealthyPods',
    title: 'A PodDisruptionBudget has fewer healthy pods than it needs',
    level: 'Sev3',
    meaning: 'The PodDisruptionBudget\'s healthy pods are below the desired count: node drains are blocked and one more failure reduces capacity.',
    check: [
      `\`kubectl -n ${NS} get pdb\`, \`kubectl -n ${NS} get pods -l app.kubernetes.io/name=<name>\`.`,
    ],
    mitigate: [
      'Fix the unhealthy pods (see `PodCrashLooping`, `DeploymentReplicasMismatch`).',
      'Never delete the PDB to unblock a drain while pods are unhealthy.',
    ],
  },
  {
    alert: 'JobFailed',
    title: 'A Job failed',
    level: 'Sev3',
    meaning: 'A Job (usually created by a CronJob: a backup, a restore verification, a scheduled task) ended in the Failed condition.',
    check: [
      `\`kubectl -n ${NS} describe job <job>\`, \`kubectl -n ${NS} logs job/<job>\`.`,
      'Backups and restore verifications print what failed on their last lines.',
    ],
    mitigate: [
      'Fix the cause and re-run: `kubectl -n <namespace> create job --from=cronjob/<cronjob> <cronjob>-manual-1`.',
      'Delete the failed Job once handled (it is otherwise removed after a day).',
    ],
  },
  {
    alert: 'EndpointDown',
    title: 'A public endpoint does not answer from outside',
    level: 'Sev1',
    meaning:
      'The blackbox exporter (Probe `uptime-<service>`) has had no 2xx answer over valid TLS from the public host and health path (`instance` label) ' +
      'for 2 minutes: the host does not resolve, the ingress does not route, the service answers an error, or the certificate is invalid or expired. ' +
      'Users cannot reach the service, whatever the in-cluster alerts say.',
    check: [
      '`curl -sv https://<host><path>` from outside the cluster: DNS, TCP, TLS handshake (certificate valid for the host, chain complete, not expired), HTTP status.',
      `\`kubectl -n ${NS} get ingress\` and the ingress controller's logs: does the host route to the Service?`,
      `\`kubectl -n ${NS} get certificate\` (cert-manager): is the TLS Secret Ready?`,
      'In-cluster alerts for the same service: `ApplicationDown`, `HighErrorRate`. If none fires, the fault is between users and the cluster (DNS, load balancer, ingress, TLS).',
      'The probe itself: `probe_http_status_code` and `probe_duration_seconds` of the instance; is the blackbox exporter up?',
    ],
    mitigate: [
      'Sev1: roll back the last change to the ingress, DNS or certificate issuer, or of the service if it fails too.',
      'Expired or invalid certificate: `kubectl -n <namespace> delete secret <service>-tls` lets cert-manager issue it again; check the ClusterIssuer.',
      'Only the probe is broken (users reach the service): fix the blackbox exporter or `stack.monitoring.uptime.proberUrl`; downgrade to Sev3.',
    ],
  },
  {
    alert: 'EndpointCertificateExpiring',
    title: 'A public certificate expires within 14 days',
    level: 'Sev3',
    meaning:
      'The earliest certificate the public host presents (`probe_ssl_earliest_cert_expiry`) expires within `stack.monitoring.uptime.certificateExpiryDays` (14 by default). ' +
      'cert-manager renews 30 days ahead by default: renewal has been failing for two weeks.',
    check: [
      `\`kubectl -n ${NS} describe certificate <service>-tls\` and its CertificateRequest / Order / Challenge: why does renewal fail?`,
      'The ClusterIssuer (`stack.ingress.clusterIssuer`): account, DNS or HTTP-01 solver reachable?',
      'Which certificate: `openssl s_client -connect <host>:443 -servername <host> </dev/null | openssl x509 -noout -dates -issuer` (an intermediate can expire first).',
    ],
    mitigate: [
      'Sev3: fix the issuer or solver in working hours; cert-manager retries by itself.',
      `If days are short: \`cmctl renew -n ${NS} <service>-tls\`, or delete the TLS Secret to force a new certificate.`,
    ],
  },
  {
    alert: 'BackupStale',
    title: 'The last successful backup is too old',
    level: 'Sev2',
    meaning: 'A backup CronJob (`<store>-backup`) has not succeeded within `backup.maxAge` (26 h by default), or never succeeded: a restore would lose more data than planned.',
    check: [
      `\`kubectl -n ${NS} get cronjob <store>-backup\` (LAST SCHEDULE, suspended?) and \`kubectl -n ${NS} get jobs\`.`,
      `\`kubectl -n ${NS} logs job/<last job>\`; is \`JobFailed\` firing?`,
      'Volume full (`<store>-backups` PVC), S3 credentials, the NetworkPolicy to the store.',
      `S3 target: \`kubectl -n ${NS} logs job/<last job> -c s3-upload\` (the upload runs after the dump; \`s3-upload: FAILED: …\` says which step), the Secret named in \`backup.target.s3.secretName\`, and what the prefix holds: \`aws s3 ls s3://<bucket>/<prefix>/\`.`,
    ],
    mitigate: [
      'Run a backup now: `kubectl -n <namespace> create job --from=cronjob/<store>-backup <store>-backup-manual-1`.',
      'Volume full: lower `backup.retentionDays` or grow `backup.target.pvc.size`.',
    ],
  },
  {
    alert: 'RestoreVerificationStale',
    title: 'The backups have not been proven restorable recently',
    level: 'Sev3',
    meaning: 'The weekly restore verification (`<store>-restore-verify`) has not succeeded within `stack.alerts.restoreVerifyMaxAge` (8 d): we do not know whether the latest dump restores.',
    check: [
      `\`kubectl -n ${NS} logs job/<last restore-verify job>\` — the last lines say which check failed (list, restore, tables, query).`,
    ],
    mitigate: [
      'A corrupt or empty dump: run a backup now and verify it (`kubectl create job --from=cronjob/<store>-restore-verify …`).',
      'A failing integrity query after a schema change: update `backup.restoreVerify` in the overlay.',
    ],
  },
  {
    alert: 'CertificateExpiringSoon',
    title: 'A TLS certificate of the gateway is close to expiry',
    level: 'Sev2',
    meaning: 'A cert-manager Certificate the gateway serves (`<service>-tls`) expires in less than half of `stack.edge.tls.renewBefore`: cert-manager should have renewed it long ago, and when it expires browsers refuse the host.',
    check: [
      `\`kubectl -n ${NS} describe certificate <name>\` — the Ready condition and the last failure; \`kubectl -n ${NS} get certificaterequests,orders,challenges\`.`,
      '`kubectl -n cert-manager logs deploy/cert-manager --since=1h | grep <name>` — ACME errors (rate limits, DNS, HTTP-01 challenge not reachable through the gateway).',
      'Is the issuer Ready? `kubectl get clusterissuer <stack.edge.tls.issuer>`.',
    ],
    mitigate: [
      `Force a renewal once the cause is fixed: \`cmctl renew -n ${NS} <name>\` (or delete the Secret \`<name>\`; cert-manager issues a new one).`,
      'ACME rate limit hit: wait, or switch the environment to another issuer in `stack.edge.tls.issuer` for the time being.',
    ],
  },
  {
    alert: 'CertificateNotReady',
    title: 'A TLS certificate of the gateway is not Ready',
    level: 'Sev2',
    meaning: 'cert-manager reports a Certificate of the stack not Ready for 15 minutes: it could not issue or renew it, or its Secret does not match the spec. The gateway listener for the host may serve no certificate (TLS handshakes fail) or an old one.',
    check: [
      `\`kubectl -n ${NS} describe certificate <name>\` (Ready condition reason and message), \`kubectl -n ${NS} get secret <name>\`.`,
      `\`kubectl -n ${NS} get gateway <stack> -o yaml\` — the HTTPS listener's conditions (ResolvedRefs: the certificate Secret).`,
      'A new host: is its DNS record pointing at the gateway, and does the HTTP listener answer the ACME challenge?',
    ],
    mitigate: [
      'Fix the issuer or the challenge (DNS, network policy, redirect) and let cert-manager retry, or `cmctl renew`.',
      'A spec change (new host) waiting for issuance: the old certificate stays in the Secret until the new one is issued; no action if it resolves within the hour.',
    ],
  },
  {
    alert: 'PostgresWalArchivingFailing',
    title: 'Postgres cannot archive its WAL to the object store',
    level: 'Sev2',
    meaning: 'The latest attempt of a CloudNativePG instance to archive a WAL segment through the Barman Cloud plugin failed, and attempts keep failing: point-in-time recovery ends at the last archived segment, and `pg_wal` fills up until Postgres stops.',
    check: [
      `\`kubectl -n ${NS} logs <store>-<n> -c plugin-barman-cloud --since=30m\` — the upload error (credentials, bucket, endpoint, TLS).`,
      `\`kubectl -n ${NS} get objectstore <store>-backups -o yaml\` and the Secret it names (\`AWS_ACCESS_KEY_ID\`, \`AWS_SECRET_ACCESS_KEY\`).`,
      `The NetworkPolicy \`allow-<store>\` lets the instances reach the endpoint's port (\`backup.target.s3.cidr\`).`,
      `Disk: \`kubectl -n ${NS} exec <store>-<n> -c postgres -- df -h /var/lib/postgresql/wal\` (or the data volume without \`walStorage\`).`,
    ],
    mitigate: [
      'Fix the credentials, bucket policy or network rule; archiving resumes by itself and catches up.',
      'pg_wal almost full and no quick fix: grow `postgres.walStorage.size` (or `storage.size`) in the overlay; never delete WAL files by hand.',
    ],
  },
  {
    alert: 'PostgresWalArchivingLagging',
    title: 'Postgres archives WAL later than its RPO',
    level: 'Sev2',
    meaning: 'The primary has archived nothing for longer than `postgres.rpo` (5 min by default; `archive_timeout` forces a segment switch that often when there are writes): losing the whole cluster now loses more committed data than promised.',
    check: [
      'Is `PostgresWalArchivingFailing` firing too? Then fix that first.',
      `\`kubectl -n ${NS} exec <store>-<n> -c postgres -- psql -c 'select * from pg_stat_archiver'\` — last archived and failed segments.`,
      'A very idle database writes no WAL, so nothing needs archiving: check whether there were writes at all.',
    ],
    mitigate: [
      'A slow upload (large segments, slow endpoint): give the plugin sidecar more CPU or bandwidth; check the object store.',
      `To close the gap now: \`kubectl cnpg backup <store> -n ${NS} --method plugin --plugin-name barman-cloud.cloudnative-pg.io\` (a base backup also switches WAL).`,
    ],
  },
  {
    alert: 'PostgresBaseBackupMissing',
    title: 'No recent base backup of a CloudNativePG cluster',
    level: 'Sev2',
    meaning: 'The newest base backup is older than `backup.maxAge` (26 h), or there is none: a recovery has to replay more WAL (slower, a longer RTO), and retention cannot prune old backups.',
    check: [
      `\`kubectl -n ${NS} get scheduledbackup <store>-daily\` (suspended? last schedule) and \`kubectl -n ${NS} get backups.postgresql.cnpg.io --sort-by=.metadata.creationTimestamp\`.`,
      `\`kubectl -n ${NS} describe backup <latest>\` — the phase and error of the last one.`,
    ],
    mitigate: [
      `Take one now: \`kubectl cnpg backup <store> -n ${NS} --method plugin --plugin-name barman-cloud.cloudnative-pg.io\`.`,
      'Failing backups usually fail like archiving does: see `PostgresWalArchivingFailing`.',
    ],
  },
  {
    alert: 'PostgresRestoreVerificationFailed',
    title: 'The weekly restore of a CloudNativePG store failed',
    level: 'Sev2',
    meaning: 'The restore verification Job (`<store>-restore-verify`) could not recover a throwaway cluster from the object store, a check on the restored data failed, or the restore took longer than `postgres.rto`: the backups, or the RTO, are not what we promise.',
    check: [
      `\`kubectl -n ${NS} logs job/<failed job>\` — the last line says what failed; \`achieved RTO …; achieved RPO …\` shows the numbers.`,
      `While it runs: \`kubectl -n ${NS} get cluster <store>-restore-verify\` and the logs of \`<store>-restore-verify-1\` (and its \`-full-recovery\` job).`,
    ],
    mitigate: [
      'Over the RTO: the base backup is old (more WAL to replay: see `PostgresBaseBackupMissing`), the throwaway is too small, or the object store slow; take a fresh base backup and run the verification again (`kubectl create job --from=cronjob/<store>-restore-verify <store>-restore-verify-manual-1`).',
      'A failed check after a schema change: update `backup.restoreVerify.tables`/`query` in the overlay.',
      'A restore that does not start: the ObjectStore or its credentials (see `PostgresWalArchivingFailing`). Until fixed, treat backups as unproven (Sev2).',
      `A leftover throwaway cluster (the job was killed): \`kubectl -n ${NS} delete cluster <store>-restore-verify\`.`,
    ],
  },
  {
    alert: 'PostgresRestoreVerificationStale',
    title: 'A CloudNativePG store has not been proven restorable recently',
    level: 'Sev3',
    meaning: 'No restore verification of the store has succeeded within `stack.alerts.restoreVerifyMaxAge` (8 d): neither point-in-time recovery nor the RTO is proven.',
    check: [
      `\`kubectl -n ${NS} get cronjob <store>-restore-verify\` (suspended? last schedule) and \`kubectl -n ${NS} get jobs\`.`,
      'Is `PostgresRestoreVerificationFailed` firing? Then follow that runbook.',
    ],
    mitigate: ['Run it now: `kubectl -n <namespace> create job --from=cronjob/<store>-restore-verify <store>-restore-verify-manual-1`.'],
  },
  {
    alert: 'PostgresFailover',
    title: 'A CloudNativePG cluster changed its primary',
    level: 'Sev3',
    meaning: 'An instance switched between primary and standby in the last 10 minutes. The operator promoted a standby (the primary failed, its node went away) or switched over during a rolling update. Clients reconnect through `<store>-rw` / the pooler; in-flight transactions were lost, committed ones were not (with synchronous replication).',
    check: [
      `\`kubectl cnpg status <store> -n ${NS}\` (or \`kubectl -n ${NS} get cluster <store> -o jsonpath='{.status.currentPrimary} {.status.phase}'\`): the new primary, replication state of the standbys.`,
      `Why: \`kubectl -n ${NS} get events --sort-by=.lastTimestamp | grep -i <store>\`, the old primary's pod and node (\`kubectl get nodes\`), a rollout of the operator or an image change in \`dist/\`.`,
      'Applications: `DatabaseConnectionErrors` should stop within a minute; PgBouncer reconnects by itself.',
    ],
    mitigate: [
      'Planned (switchover during an update): nothing to do.',
      'Unplanned: make sure the old primary comes back as a standby (`kubectl cnpg status`); if its node is gone, the operator recreates it elsewhere. Do not promote by hand unless the operator is down.',
      'Check that the cluster is healthy again (all instances streaming, `PostgresWalArchivingFailing` silent) and write down the time of the failover and how long writes failed (RP-559).',
    ],
  },
  {
    alert: 'SLOLatencyBucketMissing',
    title: 'The latency SLO cannot be measured',
    level: 'Sev3',
    meaning:
      "The service serves requests, but its request-duration histogram has no bucket at the SLO's `latencyP99`, so the latency SLI is empty and its burn-rate alerts can never fire.",
    check: [
      `In Prometheus: \`count by (le) (http_request_duration_seconds_bucket{namespace="${NS}", job="<service>"})\` lists the bucket bounds the service exports.`,
    ],
    mitigate: [
      "Set `services.<service>.slo.latencyP99` in the overlay to one of those bounds, or add the bound to the application's histogram buckets.",
    ],
  },
  ...(
    [
      ['ErrorBudgetBurn1h', 'critical', '1 h and 5 m', '14.4×', '2 % of a 30-day error budget in one hour', 'Sev2'],
      ['ErrorBudgetBurn6h', 'critical', '6 h and 30 m', '6×', '5 % of a 30-day error budget in six hours', 'Sev2'],
      ['ErrorBudgetBurn1d', 'warning', '1 d and 2 h', '3×', '10 % of a 30-day error budget in a day', 'Sev3'],
      ['ErrorBudgetBurn3d', 'warning', '3 d and 6 h', '1×', '10 % of a 30-day error budget in three days', 'Sev3'],
    ] as const
  ).map(([alert, severity, windows, factor, spend, level]): Runbook => ({
    alert,
    title: `Error budget burning at ${factor} over ${windows}`,
    level,
    meaning:
      `The service's ${'`slo`'} error ratio is above ${factor} the error budget over both the ${windows} windows ` +
      `(multi-window multi-burn-rate alert, SRE workbook): at this pace it spends ${spend}. ` +
      (severity === 'critical' ? 'It pages.' : 'It opens a ticket.'),
    check: ERROR_BUDGET_CHECK,
    mitigate:
      severity === 'critical'
        ? [
            'Availability SLO with a total outage: Sev1 — roll back the last change.',
            'Error rate > 5 % or latency > 5 s: Sev2 — restart the pods, scale up.',
            'Otherwise follow `HighErrorRate` / `HighLatencyP99`.',
          ]
        : ['Sev3: partial degradation. Find the cause in working hours; watch whether the fast-burn alerts follow.'],
  })),
];

export function runbookMarkdown(runbook: Runbook): string {
  const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join('\n');
  return [
    `# ${runbook.alert}`,
    '',
    `**${runbook.title}.** Usual incident level: **${runbook.level}**.`,
    '',
    '## What it means',
    '',
    runbook.meaning,
    '',
    '## How to check',
    '',
    list(runbook.check),
    '',
    '## How to mitigate',
    '',
    list(runbook.mitigate),
    '',
    ...dashboardSection(runbook.alert),
    '## Incident levels',
    '',
    '| level | when | first action |',
    '|---|---|---|',
    '| Sev1 | total outage | roll back the last change |',
    '| Sev2 | error rate > 5 % or p99 latency > 5 s | restart, scale up |',
    '| Sev3 | partial degradation | ticket, fix in working hours |',
    '',
    '_Generated from `lib/operations/runbooks.ts` by `npm run gen:runbooks`; edit it there._',
    '',
  ].join('\n');
}

/** Where the alert shows: the panel its `dashboard` annotation opens. */
function dashboardSection(alert: string): string[] {
  const text = alertDashboardText(alert);
  return text ? ['## Dashboard', '', text, ''] : [];
}

/** docs/runbooks/<Alert>.md for every runbook. */
export function runbookFiles(): [string, string][] {
  return RUNBOOKS.map((r) => [`docs/runbooks/${r.alert}.md`, runbookMarkdown(r)]);
}
