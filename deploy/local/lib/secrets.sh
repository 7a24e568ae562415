# shellcheck shell=bash
# Generated credentials (passwords, keys, the operator token) and the env file that hands them to services and tests.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

# ----------------------------------------------------------------------------------------------------------
# Secrets, keys and the env file
# ----------------------------------------------------------------------------------------------------------
random_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-24; }

# Creates <file> with the output of <command...> once; never rewrites an existing secret.
ensure_secret() {
  local file=$1
  shift
  [[ -s $file ]] && return 0
  mkdir -p "$(dirname "$file")"
  chmod 700 "$(dirname "$file")"
  (umask 077 && "$@" >"$file.tmp" && mv "$file.tmp" "$file")
}

ensure_identity_keys() {
  local private=$KEYS_DIR/identity-private.pem public=$KEYS_DIR/identity-public.pem
  [[ -s $private && -s $public ]] && return 0
  require_tool openssl openssl
  mkdir -p "$KEYS_DIR"
  chmod 700 "$KEYS_DIR"
  say "generating the RSA-2048 identity key pair in $KEYS_DIR"
  (
    umask 077
    # genpkey writes the PKCS#8 PEM form, which smallrye-jwt reads directly.
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private.tmp" 2>/dev/null
    openssl pkey -in "$private.tmp" -pubout -out "$public.tmp"
    mv "$private.tmp" "$private"
    mv "$public.tmp" "$public"
  )
  chmod 600 "$private"
  chmod 644 "$public"
}

ensure_secrets() {
  ensure_secret "$SECRETS_DIR/postgres-echotune.password" random_password
  ensure_secret "$SECRETS_DIR/postgres-superuser.password" random_password
  ensure_secret "$SECRETS_DIR/token-encryption.key" bash -c 'head -c 32 /dev/urandom | base64'
  # The operator credential of /api/v1/admin/** (gateway): 256 random bits, base64url.
  ensure_secret "$SECRETS_DIR/admin.token" bash -c "head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'"
  # playlist-service's own key at the gateway (exchanging schedule delegations): 256 random bits, base64url.
  ensure_secret "$SECRETS_DIR/playlist-service.key" bash -c "head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'"
  ensure_identity_keys
}

write_env_file() {
  local pg_host pg_port pg_db pg_user pg_password redis_url kafka mongo
  if external_postgres; then
    pg_host=$ECHOTUNE_POSTGRES_HOST pg_port=${ECHOTUNE_POSTGRES_PORT:-5432}
    pg_db=${ECHOTUNE_POSTGRES_DB:-echotune} pg_user=${ECHOTUNE_POSTGRES_USER:-echotune}
    pg_password=${ECHOTUNE_POSTGRES_PASSWORD:-}
  else
    # shellcheck disable=SC2153 # PG_PORT (load_config) is meant, not pg_port
    pg_host=localhost pg_port=$PG_PORT pg_db=echotune pg_user=echotune
    pg_password=$(<"$SECRETS_DIR/postgres-echotune.password")
  fi
  if external_redis; then redis_url=$ECHOTUNE_REDIS_URL; else redis_url=redis://localhost:$REDIS_PORT; fi
  if external_kafka; then kafka=$ECHOTUNE_KAFKA_BOOTSTRAP; else kafka=localhost:$KAFKA_PORT; fi
  if external_mongo; then mongo=$ECHOTUNE_MONGODB_URI; else mongo=mongodb://localhost:$MONGO_PORT; fi
  (
    umask 077
    {
      echo "# EchoTune local stack connection settings, written by deploy/local/stack.sh. Source it: . $ENV_FILE"
      printf 'export ECHOTUNE_POSTGRES_HOST=%q\n' "$pg_host"
      printf 'export ECHOTUNE_POSTGRES_PORT=%q\n' "$pg_port"
      printf 'export ECHOTUNE_POSTGRES_DB=%q\n' "$pg_db"
      printf 'export ECHOTUNE_POSTGRES_USER=%q\n' "$pg_user"
      printf 'export ECHOTUNE_POSTGRES_PASSWORD=%q\n' "$pg_password"
      printf 'export ECHOTUNE_REDIS_URL=%q\n' "$redis_url"
      printf 'export ECHOTUNE_KAFKA_BOOTSTRAP=%q\n' "$kafka"
      printf 'export ECHOTUNE_MONGODB_URI=%q\n' "$mongo"
      printf 'export ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE=%q\n' "$KEYS_DIR/identity-private.pem"
      printf 'export ECHOTUNE_IDENTITY_PUBLIC_KEY_FILE=%q\n' "$KEYS_DIR/identity-public.pem"
      printf 'export ECHOTUNE_TOKEN_ENCRYPTION_KEY=%q\n' "$(<"$SECRETS_DIR/token-encryption.key")"
      printf 'export ECHOTUNE_ADMIN_TOKEN=%q\n' "$(<"$SECRETS_DIR/admin.token")"
      printf 'export ECHOTUNE_PLAYLIST_SERVICE_KEY=%q\n' "$(<"$SECRETS_DIR/playlist-service.key")"
    } >"$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
  )
  chmod 600 "$ENV_FILE"
}
