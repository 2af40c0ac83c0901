#!/bin/sh
# The compose set-up tried end to end on one machine (docs/deployment.md, "Trying the set-up"):
# a copy of this checkout with a throwaway .env and a self-signed certificate for altprov.test,
# `up`, then checks that each part does its job, then `down -v`. Needs Docker and docker-compose
# (or `docker compose`), root for /etc/hosts, ports 80 and 443 free, and Python 3 for the sign-up.
# OFFLINE=1 uses compose.offline.yaml (stand-in images, deploy/offline/build-images.sh first).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
if docker compose version >/dev/null 2>&1; then compose="docker compose"; else compose=docker-compose; fi
files="-f compose.yaml"
[ "${OFFLINE:-0}" = 1 ] && files="$files -f compose.offline.yaml"
c() { (cd "$work" && $compose -p altprov-trial $files "$@"); }
fail() { echo "FAILED: $*" >&2; exit 1; }
cleanup() { c down -v >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== A copy of the checkout in $work, with a throwaway .env and certificate"
(cd "$repo" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) | tar -C "$work" -xf -
mkdir -p "$work/deploy/certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=altprov.test" \
    -keyout "$work/deploy/certs/privkey.pem" -out "$work/deploy/certs/fullchain.pem" 2>/dev/null
chmod 644 "$work"/deploy/certs/*.pem
cat > "$work/.env" <<ENV
ALTPROV_HOST=altprov.test
DJANGO_SECRET_KEY=trial-$(openssl rand -hex 32)
POSTGRES_PASSWORD=trial$(openssl rand -hex 12)
ENV
grep -q " altprov.test" /etc/hosts || echo "127.0.0.1 altprov.test" >> /etc/hosts

echo "== up (build, db, migrate, two web processes, two workers, the scheduler, the proxy)"
c up -d --build
healthy() {  # every long-running container healthy within $1 seconds
    end=$(( $(date +%s) + $1 ))
    while [ "$(date +%s)" -lt "$end" ]; do
        if ! c ps | grep -E "web|worker|scheduler|proxy|db" | grep -v -q "(healthy)"; then return 0; fi
        sleep 5
    done
    c ps; return 1
}
healthy 240 || fail "not every container became healthy"
c ps

url=https://altprov.test
get() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }
echo "== liveness, readiness, the redirect to HTTPS and the security headers"
[ "$(get $url/healthz)" = 200 ] || fail "/healthz"
curl -sk $url/healthz/ready | grep -q '"worker": "ok", "scheduler": "ok"' || fail "/healthz/ready"
[ "$(curl -s -o /dev/null -w '%{redirect_url}' http://altprov.test/sign-in/)" = "$url/sign-in/" ] \
    || fail "port 80 does not redirect to HTTPS"
headers=$(curl -sk -D - -o /dev/null $url/sign-in/)
for h in strict-transport-security content-security-policy x-frame-options referrer-policy; do
    echo "$headers" | grep -qi "^$h:" || fail "no $h header"
done

echo "== a new person: the set-up link, a password, the authenticator app, a page"
link=$(c run --rm migrate python manage.py grant_service_admin trial@altprov.test --name "Trial Person" 2>&1 \
    | grep -o "$url/account/set-up/[^ ]*")
env -u REQUESTS_CA_BUNDLE python3 "$repo/deploy/trial_sign_up.py" "$link"

echo "== a third web process takes requests; with one stopped, none fails"
c up -d --no-recreate --scale web=3
healthy 120 || fail "the third web process did not become healthy"
sleep 12  # nginx resolves the web service again every 10 s
for i in $(seq 1 30); do get $url/sign-in/ >/dev/null; done
webs=$(docker ps -q --filter label=com.docker.compose.project=altprov-trial \
    --filter label=com.docker.compose.service=web)
[ "$(echo "$webs" | wc -l)" = 3 ] || fail "not three web processes"
for id in $webs; do
    docker logs "$id" 2>&1 | grep -q "GET /sign-in/" || fail "web process $id served nothing"
done
one=$(echo "$webs" | head -1)
docker stop -t 5 "$one" >/dev/null
sleep 12
for i in $(seq 1 20); do [ "$(get $url/sign-in/)" = 200 ] || fail "a request failed with a web process gone"; done
docker start "$one" >/dev/null

echo "== a backup, and its restore into a fresh database"
c exec -T worker python manage.py backup
c exec -T worker sh -c 'python manage.py restore_check "$(ls -t /srv/altprov/backups/*.dump | head -1)"' \
    | grep "all .* tables match" || fail "the restore check"

echo "All checks passed."
