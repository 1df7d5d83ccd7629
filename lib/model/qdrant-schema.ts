/**
 * `services.<store>.distributed`: Qdrant in distributed mode — N peers in one Raft cluster,
 * talking to each other on the peer-to-peer port. Absent: one Qdrant node (dev).
 * Self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static } from '@sinclair/typebox';

/** Qdrant's peer-to-peer port (its default). */
export const QDRANT_P2P_PORT = 6335;

export const QdrantDistributedSchema = Type.Object(
  {
    nodes: Type.Integer({ minimum: 1, maximum: 99, default: 3, description: 'Qdrant peers (pods of the StatefulSet). At least 3: Raft needs a majority of peers alive to change the cluster.' }),
    replicationFactor: Type.Integer({
      minimum: 1,
      maximum: 99,
      default: 2,
      description:
        'The replication factor collections must be created with (`replication_factor` in `PUT /collections/<name>`). ' +
        'Documentation for the apps, exported to clients as `QDRANT_REPLICATION_FACTOR`: the stack cannot set it per collection, ' +
        'and a collection created with 1 loses data with the node that holds it.',
    }),
  },
  {
    additionalProperties: false,
    description:
      'Qdrant in distributed mode (Qdrant stores only): a StatefulSet of `nodes` peers with cluster mode on, p2p port 6335, ' +
      'peers bootstrapping from pod 0 through the headless Service `<store>-headless`. Absent: a single node.',
  },
);

export type QdrantDistributed = Static<typeof QdrantDistributedSchema>;
