#!/usr/bin/env bash
# Directus SSO and --auth oauth agree on who a person is, end to end with real pieces: the test OpenID provider
# (tests/clients/oidc), a Directus from samples/directus/stack.sh with AUTH_PROVIDERS=oidc, headless Chromium
# signing in through Directus's SSO (directus-sso.mjs), and this server in --auth oauth called by the official
# TypeScript SDK with a token of the same subject from the same provider (oauth-e2e.mjs). See docs/oauth.md.
#
#   CREATORPROFILES_DIRECTUS_VERSION=11.17.4 bash tests/clients/browser/directus-sso-e2e.sh
#
# Directus 12's free core tier has no SSO (its /auth/login/<provider> answers 404), so the SSO half needs an 11.x
# (or a 12 with a licence): the variable makes stack.sh install and template that version (once, cached).
# Needs: the server built in Release, npm ci in tests/clients/{oidc,browser,ts}, /usr/bin/chromium.
# Prints one JSON line per step; exits 1 when Directus's users are not as docs/oauth.md says or the server's caller
# is not the user Directus created.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
STACK=$ROOT/samples/directus/stack.sh
NODE=$(bash "$STACK" node)
export PATH=${NODE%/*}:$PATH
SERVER_DLL=$ROOT/src/CreatorProfiles.Mcp/bin/Release/net10.0/CreatorProfiles.Mcp.dll
[[ -f $SERVER_DLL ]] || { echo "build the server first: dotnet build -c Release" >&2; exit 2; }

STATE=$(mktemp -d "${TMPDIR:-/tmp}/creatorprofiles-sso.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  bash "$STACK" down --state-dir "$STATE" >/dev/null 2>&1 || true
  rm -rf "$STATE"
}
trap cleanup EXIT
free_port() { "$NODE" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'; }
wait_for() { # file text: waits up to 30 s for text in file
  for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; exit 1
}
ms() { echo $(( $(date +%s%3N) - T0 )); }

OIDC_PORT=$(free_port) DIRECTUS_PORT=$(free_port) SERVER_PORT=$(free_port)
ISSUER=http://127.0.0.1:$OIDC_PORT DIRECTUS=http://127.0.0.1:$DIRECTUS_PORT PUBLIC_URL=http://127.0.0.1:$SERVER_PORT
T0=$(date +%s%3N)

(cd "$ROOT/tests/clients/oidc" && exec env OIDC_PORT="$OIDC_PORT" OIDC_RESOURCES="$PUBLIC_URL/mcp" \
  OIDC_DIRECTUS_REDIRECT_URI="$DIRECTUS/auth/login/oidc/callback" node provider.mjs) >"$STATE/oidc.log" 2>&1 &
PIDS+=($!)
wait_for "$STATE/oidc.log" "oidc provider ready"

# The Directus side of SSO (docs/oauth.md). The default role is the seed's Creator role: known only once the
# Directus runs, so it starts twice (the second `up` restarts it because its --env lines differ).
SSO_ENV=(--env AUTH_PROVIDERS=oidc --env AUTH_OIDC_DRIVER=openid --env AUTH_OIDC_CLIENT_ID=directus
  --env AUTH_OIDC_CLIENT_SECRET=directus-secret --env "AUTH_OIDC_ISSUER_URL=$ISSUER/.well-known/openid-configuration"
  --env AUTH_OIDC_IDENTIFIER_KEY=sub --env AUTH_OIDC_ALLOW_PUBLIC_REGISTRATION=true)
bash "$STACK" up --port "$DIRECTUS_PORT" --state-dir "$STATE" "${SSO_ENV[@]}" >"$STATE/stack.out"
ADMIN_TOKEN=$(sed -n 's/^DIRECTUS_TOKEN=//p' "$STATE/stack.out")
admin() { curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
ROLE=$(admin "$DIRECTUS/roles?filter%5Bname%5D%5B_eq%5D=Creator&fields=id" | "$NODE" -pe 'JSON.parse(require("fs").readFileSync(0)).data[0].id')
bash "$STACK" up --port "$DIRECTUS_PORT" --state-dir "$STATE" "${SSO_ENV[@]}" --env "AUTH_OIDC_DEFAULT_ROLE_ID=$ROLE" >"$STATE/stack.out"
echo "{\"step\":\"provider and Directus $(sed -n 's/^DIRECTUS_URL=//p' "$STATE/stack.out") ready\",\"ms\":$(ms),\"default_role\":\"$ROLE\"}"

sso() { echo "{\"directus\":\"$DIRECTUS\",\"account\":\"$1\"}" | (cd "$ROOT/tests/clients/browser" && node directus-sso.mjs); }
users() { admin "$DIRECTUS/users?filter%5Bexternal_identifier%5D%5B_eq%5D=$1&fields=id,email,provider,external_identifier,role"; }

# 1. A person with no Directus user: public registration creates one.
echo "{\"step\":\"SSO as carol (no Directus user)\",\"ms\":$(ms),\"result\":$(sso carol)}"
CAROL=$(users carol)
echo "{\"step\":\"Directus users with external_identifier carol\",\"ms\":$(ms),\"users\":$CAROL}"
CAROL_ID=$("$NODE" -pe 'const u=JSON.parse(process.argv[1]).data; u.length===1 ? u[0].id : ""' "$CAROL")
[[ -n $CAROL_ID ]] || { echo "expected exactly one Directus user for carol" >&2; exit 1; }

# 2. A person whose Directus user was created beforehand with external_identifier set (the seed's alice,
#    provider "default"); then the same after setting that user's provider to the SSO provider's name.
ALICE_ID=$(sed -n 's/^ALICE_USER_ID=//p' "$STATE/stack.out")
BEFORE=$(sso alice)
echo "{\"step\":\"SSO as alice (seeded: external_identifier alice, provider default)\",\"ms\":$(ms),\"result\":$BEFORE}"
admin -X PATCH "$DIRECTUS/users/$ALICE_ID" -d '{"provider":"oidc"}' >/dev/null
AFTER=$(sso alice)
echo "{\"step\":\"SSO as alice after PATCH provider=oidc\",\"ms\":$(ms),\"result\":$AFTER}"
field() { "$NODE" -pe "const r=JSON.parse(process.argv[1]); String($2 ?? '')" "$1"; }
[[ $(field "$BEFORE" r.error) == INVALID_CREDENTIALS && $(field "$AFTER" r.user?.id) == "$ALICE_ID" ]] || {
  echo "expected: alice refused (INVALID_CREDENTIALS) while her provider is default, signed in as $ALICE_ID after" >&2; exit 1; }

# 3. The server in --auth oauth: carol's token from the same provider (resource PUBLIC_URL/mcp) creates a profile,
#    which must belong to the Directus user SSO created.
DIRECTUS_URL=$DIRECTUS DIRECTUS_TOKEN=$ADMIN_TOKEN \
  CREDENTIALS_ENC_KEY_B64=$(sed -n 's/^CREDENTIALS_ENC_KEY_B64=//p' "$STATE/stack.out") \
  PUBLIC_URL=$PUBLIC_URL OAUTH_AUTHORITY=$ISSUER \
  dotnet "$SERVER_DLL" --transport http --auth oauth --urls "$PUBLIC_URL" >"$STATE/server.out" 2>"$STATE/server.err" &
PIDS+=($!)
ready=false
for _ in $(seq 300); do curl -fsS "$PUBLIC_URL/.well-known/oauth-protected-resource" >/dev/null 2>&1 && ready=true && break; sleep 0.1; done
[[ $ready == true ]] || { echo "directus-sso-e2e: the server did not answer in 30 s; its log:" >&2; cat "$STATE/server.err" >&2; exit 1; }
RESULT=$(echo "{\"url\":\"$PUBLIC_URL/mcp\",\"account\":\"carol\",\"create\":{\"platform\":\"onlyfans\",\"username\":\"carol_sso\"}}" \
  | (cd "$ROOT/tests/clients/browser" && node oauth-e2e.mjs))
echo "{\"step\":\"server --auth oauth, carol's token: create_creator_profile\",\"ms\":$(ms),\"result\":$RESULT}"
OWNER=$("$NODE" -pe 'JSON.parse(process.argv[1]).created?.user_id ?? ""' "$RESULT")
if [[ $OWNER == "$CAROL_ID" ]]; then
  echo "{\"step\":\"same user\",\"ms\":$(ms),\"directus_sso_user\":\"$CAROL_ID\",\"server_caller\":\"$OWNER\"}"
else
  echo "{\"step\":\"DIFFERENT users\",\"directus_sso_user\":\"$CAROL_ID\",\"server_caller\":\"$OWNER\"}"; exit 1
fi
