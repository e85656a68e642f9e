#!/usr/bin/env bash
# Generates the TLS material of the EventStoreDB cluster in deploy/: a private CA and, for each of
# the three nodes, a certificate signed by it. Needs bash and openssl (1.1.1 or later).
#
#   deploy/certs/generate-certs.sh                     # for deploy/compose: nodes esdb1..esdb3
#   deploy/certs/generate-certs.sh --k8s custody-ledger  # for deploy/k8s: pods esdb-0..esdb-2
#
# Options:
#   --out DIR        where to write (default: deploy/certs/out, or deploy/certs/out-k8s with --k8s)
#   --k8s NAMESPACE  name the nodes after the StatefulSet's pods in that namespace
#   --days N         validity of the node certificates (default 365; the CA gets 5 years)
#   --force          re-issue node certificates that already exist (the CA is kept, so clients
#                    that trust it keep working: this is how node certificates are renewed)
#
# Output (deploy/.gitignore keeps all of it out of git; never commit a key):
#   DIR/ca/ca.crt                 the CA certificate: the nodes' trusted root, and the client's
#                                 tlsCAFile (the api and worker mount this folder)
#   DIR/ca-key/ca.key             the CA's private key: mounted nowhere; keep it offline
#   DIR/<node>/node.crt, node.key one per node, mounted into that node only (compose)
#
# Node certificates follow what EventStoreDB expects (as its es-gencert-cli makes them): the same
# subject CN on every node ("eventstoredb-node"; nodes authenticate each other by it), server and
# client auth usage (a node is a TLS client of the others), and subject alternative names for every
# name the node is reached by: its advertised host name, localhost and 127.0.0.1 (health checks).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out=""
namespace=""
days=365
ca_days=1825
force=0
cluster_domain="${CLUSTER_DOMAIN:-cluster.local}"

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --k8s) namespace="${2:?--k8s needs a namespace}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    --force) force=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$days" =~ ^[1-9][0-9]*$ ]] || { echo "--days must be a positive number" >&2; exit 2; }
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }

# Node names and the DNS names each is reached by. Compose: the service names of
# deploy/compose/docker-compose.yml. Kubernetes: the pods of StatefulSet "esdb" behind the headless
# Service "esdb" (deploy/k8s/esdb.yaml), which advertise themselves as <pod>.esdb.
if [[ -n "$namespace" ]]; then
  out="${out:-$here/out-k8s}"
  nodes=(esdb-0 esdb-1 esdb-2)
  dns_names() {
    local fqdn="$1.esdb.$namespace.svc"
    echo "DNS:$1,DNS:$1.esdb,DNS:$1.esdb.$namespace,DNS:$fqdn,DNS:$fqdn.$cluster_domain"
  }
else
  out="${out:-$here/out}"
  nodes=(esdb1 esdb2 esdb3)
  dns_names() { echo "DNS:$1"; }
fi

umask 077 # keys are created readable by their owner only
mkdir -p "$out"
chmod 700 "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The CA: created once, then reused so that re-issuing node certificates keeps clients working.
if [[ -f "$out/ca/ca.crt" && -f "$out/ca-key/ca.key" ]]; then
  echo "Reusing the CA in $out/ca"
else
  mkdir -p "$out/ca" "$out/ca-key"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out "$out/ca-key/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$out/ca-key/ca.key" -sha256 -days "$ca_days" \
    -subj "/O=Custody Ledger/CN=Custody Ledger EventStoreDB CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$out/ca/ca.crt"
  echo "Created the CA: $out/ca/ca.crt (private key: $out/ca-key/ca.key)"
fi
chmod 755 "$out/ca" && chmod 644 "$out/ca/ca.crt"
chmod 700 "$out/ca-key" && chmod 600 "$out/ca-key/ca.key"

for node in "${nodes[@]}"; do
  dir="$out/$node"
  if [[ -f "$dir/node.crt" && $force -eq 0 ]]; then
    echo "Keeping $dir/node.crt (use --force to re-issue it)"
    continue
  fi
  mkdir -p "$dir"
  cat >"$work/$node.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$(dns_names "$node"),DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
EOF
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/node.key" 2>/dev/null
  openssl req -new -key "$dir/node.key" -subj "/CN=eventstoredb-node" -out "$work/$node.csr"
  openssl x509 -req -in "$work/$node.csr" -CA "$out/ca/ca.crt" -CAkey "$out/ca-key/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha256 \
    -extfile "$work/$node.ext" -out "$dir/node.crt" 2>/dev/null
  openssl verify -CAfile "$out/ca/ca.crt" "$dir/node.crt" >/dev/null
  chmod 755 "$dir" && chmod 644 "$dir/node.crt" && chmod 600 "$dir/node.key"
  echo "Issued $dir/node.crt for $(sed -n 's/^subjectAltName=//p' "$work/$node.ext")"
done

# The EventStoreDB image runs as uid 1000 and must be able to read its node key when it is
# bind-mounted (compose). Kubernetes mounts keys from a Secret instead (see below).
if [[ -z "$namespace" && "$(id -u)" != 1000 ]]; then
  echo
  echo "Note: the node keys belong to uid $(id -u); the EventStoreDB containers run as uid 1000."
  echo "On a Linux Docker host, let them read their keys:  sudo chown 1000 $out/esdb*/node.key"
fi

if [[ -n "$namespace" ]]; then
  echo
  echo "Create the Secret that deploy/k8s/esdb.yaml, api.yaml and worker.yaml mount:"
  printf '  kubectl -n %s create secret generic esdb-tls --from-file=ca.crt=%s' "$namespace" "$out/ca/ca.crt"
  for node in "${nodes[@]}"; do
    printf ' \\\n    --from-file=%s.crt=%s --from-file=%s.key=%s' "$node" "$out/$node/node.crt" "$node" "$out/$node/node.key"
  done
  echo
fi
