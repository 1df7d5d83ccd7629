#!/bin/sh
# qdrant-peer.sh — starts one peer of a distributed Qdrant store. Pod 0 starts the cluster
# (`--uri` only); every other pod joins it (`--bootstrap` pod 0). A peer that restarts finds
# its Raft state in its volume and rejoins by itself (Qdrant ignores --bootstrap then).
#
# Environment (rendered into the StatefulSet):
#   POD_NAME              this pod's name (<store>-<ordinal>)
#   QDRANT_PEER_DOMAIN    the headless Service of the peers: <store>-headless
#   QDRANT__CLUSTER__P2P__PORT  the peer-to-peer port (6335)
#   QDRANT_BIN            optional: the qdrant binary (default ./qdrant, the image's WORKDIR)
set -eu
: "${POD_NAME:?POD_NAME is not set}" "${QDRANT_PEER_DOMAIN:?QDRANT_PEER_DOMAIN is not set}"
p2p="${QDRANT__CLUSTER__P2P__PORT:-6335}"
store="${POD_NAME%-*}"
self="http://$POD_NAME.$QDRANT_PEER_DOMAIN:$p2p"
first="http://$store-0.$QDRANT_PEER_DOMAIN:$p2p"
if [ "$self" = "$first" ]; then
  echo "qdrant-peer: $POD_NAME starts the cluster at $self"
  exec "${QDRANT_BIN:-./qdrant}" --uri "$self" "$@"
fi
echo "qdrant-peer: $POD_NAME joins the cluster through $first"
exec "${QDRANT_BIN:-./qdrant}" --bootstrap "$first" --uri "$self" "$@"
