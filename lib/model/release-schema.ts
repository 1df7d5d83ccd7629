/**
 * How a web service releases a new version (`services.<name>.release`): a rolling update (the
 * default: today's Deployment), or an Argo Rollouts `canary` or `blueGreen` with a Prometheus
 * analysis of the new pods' error ratio and p99 latency against the service's SLO.
 * Referenced from lib/model/schema.ts; self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static } from '@sinclair/typebox';
import { LATENCY_PATTERN } from './operations-schema';

export const RELEASE_STRATEGIES = ['rolling', 'canary', 'blueGreen'] as const;
export type ReleaseStrategy = (typeof RELEASE_STRATEGIES)[number];

const Duration = (description: string, dflt?: string) =>
  Type.String({ format: 'duration', description, ...(dflt ? { default: dflt } : {}) });

export const CanaryStepSchema = Type.Object(
  {
    weight: Type.Integer({ description: 'Percent of the pods (and so of the traffic) that run the new version at this step; strictly increasing, at most 100.' }),
    pause: Type.Optional(Duration('How long the step holds before its analysis starts, e.g. `2m`. Default: `1m`.')),
  },
  { additionalProperties: false, required: ['weight'], description: 'One canary step: set the weight, hold, then run the analysis.' },
);

export const ReleaseSchema = Type.Object(
  {
    strategy: Type.Unsafe<ReleaseStrategy>({
      type: 'string',
      enum: [...RELEASE_STRATEGIES],
      default: 'rolling',
      description:
        '`rolling`: a Deployment with a rolling update (the default). `canary`: an Argo Rollouts `Rollout` that moves the pods to the new version ' +
        'step by step (`canary.steps`) with an analysis after each step. `blueGreen`: a `Rollout` that starts the new version beside the old one ' +
        'behind a preview Service and switches the active Service when the analysis passes. Web services only; needs `metrics`.',
    }),
    autoPromote: Type.Optional(Type.Boolean({
      description:
        'Promote to 100 % (canary) or switch the active Service (blue-green) without a person once the analysis passes. ' +
        'Default: `true`, and `false` where `stack.tier` is `production` (there it must stay `false`: a person promotes with `kubectl argo rollouts promote`).',
    })),
    canary: Type.Optional(Type.Object(
      {
        steps: Type.Optional(Type.Array(CanaryStepSchema, {
          minItems: 1,
          description: 'Weights in percent, each held for `pause` and then analysed. Default: 10 → 25 → 50 (then 100 %).',
        })),
      },
      { additionalProperties: false, description: '`strategy: canary` only: the steps. On the Gateway API edge a public canary splits traffic by HTTPRoute weights (Argo Rollouts Gateway API plugin); otherwise traffic follows the pod share (replica-based canary).' },
    )),
    blueGreen: Type.Optional(Type.Object(
      {
        scaleDownDelay: Duration('How long the old pods keep running after the switch, so a failed post-promotion analysis switches straight back; longer than the analysis (count × interval).', '10m'),
      },
      { additionalProperties: false, description: '`strategy: blueGreen` only.' },
    )),
    analysis: Type.Optional(Type.Object(
      {
        maxErrorRatio: Type.Optional(Type.Number({ description: 'Highest share of 5xx responses of the new pods, in percent. Default: the SLO\'s error budget (100 − `slo.availability`).' })),
        maxLatencyP99: Type.Optional(Type.String({ pattern: LATENCY_PATTERN, description: 'Highest p99 latency of the new pods, e.g. `500ms`. Default: `slo.latencyP99`.' })),
        interval: Duration('Time between two measurements.', '1m'),
        count: Type.Integer({ default: 5, description: 'Measurements per analysis.' }),
        failureLimit: Type.Integer({ minimum: 0, default: 1, description: 'Failed measurements tolerated; one more aborts the release and rolls back.' }),
        window: Duration('Rate window of each query.', '2m'),
      },
      { additionalProperties: false, description: 'The analysis of the new pods (an Argo Rollouts `AnalysisTemplate` querying Prometheus).' },
    )),
  },
  { additionalProperties: false, description: 'How a new version is released: `rolling` (default), `canary` or `blueGreen` (Argo Rollouts).' },
);

export type Release = Static<typeof ReleaseSchema>;
export type CanaryStep = Static<typeof CanaryStepSchema>;
