#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL runs and has pgvector. Idempotent: a no-op when both hold.
# Debian 12 has no pgvector package; its next release's source package builds against PostgreSQL 15.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
if ! pg_isready -q -h "$PGHOST"; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" && break; sleep 1; done
fi

has_vector() {
  psql -h "$PGHOST" -U postgres -tAc "select 1 from pg_available_extensions where name='vector'" | grep -q 1
}
has_vector && exit 0

pg_version=$(ls /etc/postgresql | head -1)
pg_config=/usr/lib/postgresql/$pg_version/bin/pg_config
# Reuse the mirror the machine is configured with; add only a source line, install no foreign binary.
uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
  > /etc/apt/sources.list.d/pgvector-src.sources
trap 'rm -f /etc/apt/sources.list.d/pgvector-src.sources' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$pg_version" build-essential dpkg-dev >/dev/null
work=$(mktemp -d)
(cd "$work" && apt-get source -qq pgvector >/dev/null && cd pgvector-*/ \
  && make -s PG_CONFIG="$pg_config" OPTFLAGS="" \
  && make -s install PG_CONFIG="$pg_config")
rm -rf "$work" /etc/apt/sources.list.d/pgvector-src.sources
apt-get update -qq
has_vector || { echo "pgvector still missing after the build" >&2; exit 1; }
echo "pgvector installed"
