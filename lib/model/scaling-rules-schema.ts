/**
 * The scale-up / scale-down behaviour block shared by `autoscaling` (the HPA the stack renders)
 * and `keda` (the HPA KEDA renders from `advanced.horizontalPodAutoscalerConfig.behavior`).
 * Self-contained (no import from schema.ts, which imports us).
 */
import { Type } from '@sinclair/typebox';

export const ScalingRules = (direction: 'up' | 'down', stabilization: string, percent: number, pods: number) =>
  Type.Object(
    {
      stabilization: Type.String({
        format: 'duration',
        default: stabilization,
        description: `Cooldown: the HPA acts on the ${direction === 'up' ? 'lowest' : 'highest'} recommendation of this window.`,
      }),
      maxPercentPerMinute: Type.Integer({ minimum: 1, default: percent, description: `Scale ${direction} by at most this % of current pods per minute.` }),
      maxPodsPerMinute: Type.Integer({ minimum: 1, default: pods, description: `Scale ${direction} by at most this many pods per minute (the larger change of the two wins).` }),
    },
    {
      additionalProperties: false,
      default: { stabilization, maxPercentPerMinute: percent, maxPodsPerMinute: pods },
      description: `Scale-${direction} behaviour.`,
    },
  );

/** The defaults of both blocks: fast up, slow down (the same for an HPA of ours and KEDA's). */
export const SCALE_UP_DEFAULTS = ['up', '0s', 100, 4] as const;
export const SCALE_DOWN_DEFAULTS = ['down', '5m', 10, 1] as const;
