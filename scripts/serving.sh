#!/usr/bin/env bash
# The serving layer (Spring Boot) for ./pipeline: serving_up, serving_down, serving_status, serving_bench,
# serving_rollback, serving_token, retrain_bench.
# Sourced by ./pipeline after scripts/lib.sh (REPO_ROOT, DATA_DIR, say/die, pid and log helpers).
# The app reads S3_*, KAFKA_BOOTSTRAP_SERVERS, SERVER_PORT and the settings listed in
# serving-layer/src/main/resources/application.properties (each with its default, in place).
# serving_up also gives it the admin password (ADMIN_PASSWORD, else $DATA_DIR/admin.password) and
# the RETRAIN_* settings of the retraining it runs (Spark home under $DATA_DIR/spark-home).

SERVING_JAR="$REPO_ROOT/serving-layer/target/serving-layer-${VERSION:-0.1.0-SNAPSHOT}.jar"

serving_port() { echo "${SERVER_PORT:-8080}"; }

# Waits until GET <base>/actuator/health/readiness answers 200, or fails when the named process dies
# or the timeout passes. Readiness includes the model component, so 200 means a model is served
# (ModelArrivesLateTest): no second wait on /api/stats is needed.
serving_wait_ready() {
  local name="$1" base="$2" timeout="${3:-${SERVING_READY_TIMEOUT:-180}}" waited=0
  until curl -fsS -o /dev/null "$base/actuator/health/readiness" 2>/dev/null; do
    is_running "$name" || { tail -n 30 "$(log_file "$name")" >&2; die "$name exited during start (log: $(log_file "$name"))"; }
    if ((waited >= timeout * 10)); then
      curl -sS "$base/actuator/health" >&2 || true
      die "$name not ready after ${timeout}s: is a model published at $S3_ENDPOINT (models/LATEST)? log: $(log_file "$name")"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Model load time as the app logged it ("model loaded ... load_ms=N"), the last one in a log.
serving_model_load_ms() {
  grep -o 'model loaded [^"]*load_ms=[0-9]*' "$1" 2>/dev/null | tail -n 1 | sed 's/.*load_ms=//'
}

# The Spark home the serving layer's SparkLauncher needs (ARCHITECTURE.md, "Verified on this
# machine"): jars/ links to the batch layer's dependency jars (Spark, Hadoop, the AWS SDK...),
# bin/spark-submit runs Spark's own SparkSubmit from them. Remade at every start, so a rebuilt batch
# layer is picked up. Prints its path.
serving_spark_home() {
  local home="$DATA_DIR/spark-home" lib="$REPO_ROOT/batch-layer/target/lib"
  [[ -d "$lib" ]] || die "missing $lib; build with: mvn -B -pl batch-layer -am package -DskipTests"
  mkdir -p "$home/jars" "$home/bin"
  find "$home/jars" -maxdepth 1 -type l -delete
  ln -s "$lib"/*.jar "$home/jars/"
  cat >"$home/bin/spark-submit" <<'SH'
#!/usr/bin/env sh
# spark-submit without a Spark distribution, for SparkLauncher (written by ./pipeline): Spark's own
# SparkSubmit from the batch layer's jars. SPARK_SUBMIT_OPTS: JVM flags of the driver (heap).
home="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck disable=SC2086
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" $SPARK_SUBMIT_OPTS -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit "$@"
SH
  chmod 755 "$home/bin/spark-submit"
  echo "$home"
}

# The admin API's password: ADMIN_PASSWORD when set, else the one in $DATA_DIR/admin.password,
# generated (mode 600) on the first start. Exported for the serving process; never printed.
serving_admin_password() {
  local file="$DATA_DIR/admin.password"
  if [[ -n "${ADMIN_PASSWORD:-}" ]]; then
    SERVING_PASSWORD_HINT="the ADMIN_PASSWORD you set"
    say "admin API: user admin, password from ADMIN_PASSWORD"
    return
  fi
  if [[ ! -s "$file" ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$file")
    say "generated an admin password into $file (mode 600)"
  fi
  chmod 600 "$file"
  ADMIN_PASSWORD="$(cat "$file")"
  export ADMIN_PASSWORD
  SERVING_PASSWORD_HINT="$file"
  say "admin API: user admin, password in $file"
}

# Listener identity (README.md, "Security"): SECURITY_MODE is open by default and jwt in cluster
# mode. In jwt mode the tokens' HMAC key is JWT_SECRET when set, else $DATA_DIR/jwt.secret, generated
# (32 random bytes, base64url, mode 600) on first use; ./pipeline token signs with the same one.
# Exported for the serving process; never printed.
serving_jwt_secret() {
  local file="$DATA_DIR/jwt.secret"
  if [[ -n "${JWT_SECRET:-}" ]]; then
    JWT_SECRET_HINT="the JWT_SECRET you set"
    return
  fi
  JWT_SECRET_HINT="$file"
  mkdir -p "$DATA_DIR"
  if [[ ! -s "$file" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$file")
    say "generated a token secret into $file (mode 600)" >&2
  fi
  chmod 600 "$file"
  JWT_SECRET="$(cat "$file")"
  export JWT_SECRET
}

serving_security_env() {
  local default=open
  [[ "${PIPELINE_MODE:-embedded}" == cluster ]] && default=jwt
  export SECURITY_MODE="${SECURITY_MODE:-$default}"
  if [[ "$SECURITY_MODE" == jwt && -z "${JWT_JWK_SET_URI:-}" ]]; then
    serving_jwt_secret
  fi
}

# ./pipeline token <user> [--admin] [--ttl 12h]: a bearer token for SECURITY_MODE=jwt signed with
# the pipeline's JWT_SECRET (TokenCommand from the serving jar); prints the token only.
serving_token() {
  [[ $# -ge 1 ]] || die "usage: ./pipeline token <user> [--admin] [--ttl 12h]"
  [[ -f "$SERVING_JAR" ]] || die "missing $SERVING_JAR; build with: ./pipeline build"
  serving_jwt_secret
  java -Dloader.main=org.lambdamusic.serving.security.TokenCommand -cp "$SERVING_JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

# Retraining inside the serving layer (RETRAIN_*, application.properties): the batch job through
# SparkLauncher with the same input, output and sample as the first model `up` publishes, and the
# batch layer's JVM flags. A variable already set wins.
serving_retrain_env() {
  export RETRAIN_SPARK_HOME="${RETRAIN_SPARK_HOME:-$(serving_spark_home)}"
  export RETRAIN_APP_JAR="${RETRAIN_APP_JAR:-$(module_jar batch-layer)}"
  export RETRAIN_INPUT="${RETRAIN_INPUT:-$PIPELINE_DATASET}"
  export RETRAIN_OUTPUT="${RETRAIN_OUTPUT:-s3://$S3_BUCKET/models}"
  export RETRAIN_SAMPLE="${RETRAIN_SAMPLE:-$PIPELINE_SAMPLE}"
  export RETRAIN_LOG_DIR="${RETRAIN_LOG_DIR:-$DATA_DIR/log/retrain}"
  if declare -F batch_java_opts >/dev/null; then
    export RETRAIN_JAVA_OPTS="${RETRAIN_JAVA_OPTS:-$(batch_java_opts)}"
  fi
  say "retraining: cron '${RETRAIN_CRON:-0 0 3 * * *}' and POST /api/admin/retrain; $RETRAIN_INPUT -> $RETRAIN_OUTPUT (sample $RETRAIN_SAMPLE), logs in $RETRAIN_LOG_DIR"
}

# ./pipeline rollback <version>: RollbackCommand from the serving jar (the admin API's own checks);
# the running serving layers swap at their next poll.
serving_rollback() {
  [[ $# -eq 1 ]] || die "usage: ./pipeline rollback <version>   (versions: curl -s localhost:$(serving_port)/api/models | jq -r '.versions[].version')"
  [[ -f "$SERVING_JAR" ]] || die "missing $SERVING_JAR; build with: ./pipeline build"
  java -Dloader.main=org.lambdamusic.serving.admin.RollbackCommand -cp "$SERVING_JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher "$1"
}

# ./pipeline bench retrain: wall time from POST /api/admin/retrain to the new version being served
# (GET /api/stats model_version), against the running pipeline (./pipeline up). Prints the run's own
# times (queued, launched, finished) beside it. BENCH_RETRAIN_RUNS (1) runs one after the other.
retrain_bench() {
  local base="http://127.0.0.1:$(serving_port)" file="$DATA_DIR/admin.password" runs="${BENCH_RETRAIN_RUNS:-1}"
  local password="${ADMIN_PASSWORD:-}"
  [[ -n "$password" || -s "$file" ]] || die "no admin password: set ADMIN_PASSWORD or run ./pipeline up (writes $file)"
  [[ -n "$password" ]] || password="$(cat "$file")"
  curl -fsS -o /dev/null "$base/actuator/health/readiness" || die "serving layer not ready at $base (./pipeline up)"
  say "retrain bench: $runs run(s) against $base, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local i
  for ((i = 1; i <= runs; i++)); do
    local before started response run_id state="" run version served end
    before="$(curl -fsS "$base/api/stats" | jq -r .model_version)"
    started=$(date +%s%N)
    response="$(curl -sS -u "admin:$password" -X POST "$base/api/admin/retrain")"
    run_id="$(jq -r '.run_id // empty' <<<"$response")"
    [[ -n "$run_id" ]] || die "POST /api/admin/retrain refused: $(jq -r '.detail // .' <<<"$response")"
    until [[ "$state" == succeeded || "$state" == failed ]]; do
      sleep 0.2
      run="$(curl -fsS -u "admin:$password" "$base/api/admin/retrain/$run_id")"
      state="$(jq -r .state <<<"$run")"
    done
    [[ "$state" == succeeded ]] || die "run $run_id failed: $(jq -r .error <<<"$run")"
    version="$(jq -r .version <<<"$run")"
    until [[ "$(curl -fsS "$base/api/stats" | jq -r .model_version)" == "$version" ]]; do sleep 0.05; done
    end=$(date +%s%N)
    served=$(((end - started) / 1000000))
    say "run $run_id: $before -> $version served ${served} ms after the POST (run: requested $(jq -r .requested_at <<<"$run"), launched $(jq -r .started_at <<<"$run"), finished $(jq -r .finished_at <<<"$run"))"
  done
  say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

serving_start() {
  local name="$1" port="$2"
  shift 2
  [[ -f "$SERVING_JAR" ]] || die "missing $SERVING_JAR; build with: mvn -B -pl serving-layer -am install -DskipTests"
  serving_security_env
  # shellcheck disable=SC2086  # SERVING_JAVA_OPTS is a list of JVM flags
  SERVER_PORT="$port" start_background "$name" java ${SERVING_JAVA_OPTS:--Xms512m -Xmx1g} -jar "$SERVING_JAR" "$@"
}

serving_up() {
  local port base
  port="$(serving_port)"
  base="http://127.0.0.1:$port"
  if is_running serving; then
    say "serving layer already running at $base (pid $(running_pid serving))"
  else
    serving_admin_password
    serving_retrain_env
    say "starting serving layer on :$port (model from $S3_ENDPOINT, Kafka $KAFKA_BOOTSTRAP_SERVERS, log $(log_file serving)) ..."
    serving_start serving "$port"
    serving_wait_ready serving "$base"
    say "serving layer ready (model $(curl -fsS "$base/api/stats" | jq -r .model_version), load $(serving_model_load_ms "$(log_file serving)") ms)"
  fi
  cat <<URLS
  web UI       http://localhost:$port/
  API          http://localhost:$port/api/stats   (/api/tracks, /api/recommend, /api/interact, /api/trending, /api/user/{id}, /api/models)
  OpenAPI      http://localhost:$port/swagger-ui.html   (document: /v3/api-docs)
  health       http://localhost:$port/actuator/health   (probes: /actuator/health/liveness, /readiness)
  prometheus   http://localhost:$port/actuator/prometheus   (open from this host; from elsewhere: admin credentials)
  security     SECURITY_MODE=${SECURITY_MODE:-open}$([[ "${SECURITY_MODE:-open}" == jwt ]] && echo "   (listener tokens: ./pipeline token <user>; secret in ${JWT_SECRET_HINT:-$DATA_DIR/jwt.secret})")
  admin        http://localhost:$port/models.html   (retrain, rollback: user admin, password in ${SERVING_PASSWORD_HINT:-$DATA_DIR/admin.password})
               curl -u admin:\$(cat $DATA_DIR/admin.password) -X POST localhost:$port/api/admin/retrain
URLS
}

serving_down() { stop_process serving 30; }

serving_status() {
  status_line serving "http://localhost:$(serving_port)/ log $(log_file serving)"
}

# Quantile (ms) of POST /api/recommend 200s between two Prometheus scrapes of the bucket counts.
serving_histogram_quantile() {
  local before="$1" after="$2" q="$3"
  awk '/^http_server_requests_seconds_bucket\{/ && /uri="\/api\/recommend"/ && /status="200"/ {
         match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
         if (FILENAME == ARGV[1]) base[le] += $NF; else now[le] += $NF
       }
       END { for (le in now) print le, now[le] - base[le] }' "$before" "$after" |
    sort -g | awk -v q="$q" '{ le[NR] = $1; c[NR] = $2; total = $2 }
       END { for (i = 1; i <= NR; i++) if (c[i] >= q * total) { printf "%.2f", le[i] * 1000; exit } }'
}

serving_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ./pipeline bench serving
#
# Needs the pipeline's object store (with a model), Kafka and speed layer running (./pipeline up).
# Starts its own serving instance on a free port against them (SERVING_BENCH_URL=<base url> uses an
# already running server instead), then drives it with wrk (closed loop, maximum throughput) and
# hey (open loop at a fixed rate), load generator on the same machine. Knobs: BENCH_DURATION (20s),
# BENCH_CONNECTIONS (16), BENCH_THREADS (1), BENCH_RATE (2000 req/s), BENCH_SEEDS (200),
# BENCH_WARMUP (30s per endpoint).
serving_bench() {
  command -v wrk >/dev/null || die "wrk is needed (Debian: apt-get install -y wrk)"
  command -v hey >/dev/null || die "hey is needed (Debian: apt-get install -y hey)"
  command -v jq >/dev/null || die "jq is needed (Debian: apt-get install -y jq)"
  local duration="${BENCH_DURATION:-20s}" conns="${BENCH_CONNECTIONS:-16}" threads="${BENCH_THREADS:-1}"
  local rate="${BENCH_RATE:-2000}" seeds="${BENCH_SEEDS:-200}"
  local dir="$DATA_DIR/bench-serving" base started_here="" load_ms="n/a"
  mkdir -p "$dir"
  if [[ -n "${SERVING_BENCH_URL:-}" ]]; then
    base="${SERVING_BENCH_URL%/}"
    curl -fsS -o /dev/null "$base/actuator/health/readiness" || die "$base is not ready"
  else
    local port
    port="$(serving_free_port)"
    base="http://127.0.0.1:$port"
    : >"$(log_file serving-bench)"
    say "starting a serving instance for the benchmark on :$port (log $(log_file serving-bench)) ..."
    # Short percentile window, so the server-side quantiles read after the fixed-rate run cover
    # that run only.
    serving_start serving-bench "$port" \
      --management.metrics.distribution.expiry.http.server.requests=30s \
      --management.metrics.distribution.buffer-length.http.server.requests=3
    started_here=1
    # shellcheck disable=SC2064
    trap "stop_process serving-bench 30 >/dev/null" EXIT
    serving_wait_ready serving-bench "$base" 120
    load_ms="$(serving_model_load_ms "$(log_file serving-bench)")"
  fi
  local model tracks
  model="$(curl -fsS "$base/api/stats" | jq -r .model_version)"
  tracks="$(curl -fsS "$base/api/stats" | jq -r .tracks_in_model)"
  say "benchmarking $base: model $model ($tracks tracks), model load ${load_ms} ms"

  # Seeds: the most popular tracks that can seed recommendations (a sample model also lists the
  # catalogue outside its sample); a bench user who liked three tracks of different artists.
  curl -fsS "$base/api/tracks?q=&limit=100&offset=0&recommendable=true" | jq -r '.items[].track_id' >"$dir/seeds.txt"
  curl -fsS "$base/api/tracks?q=&limit=100&offset=100&recommendable=true" | jq -r '.items[].track_id' >>"$dir/seeds.txt"
  head -n "$seeds" "$dir/seeds.txt" >"$dir/seeds.tmp" && mv "$dir/seeds.tmp" "$dir/seeds.txt"
  local user="bench-user-$$"
  for track in $(sed -n '1p;50p;100p' "$dir/seeds.txt"); do
    curl -fsS -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"user_id\":\"$user\",\"track_id\":\"$track\",\"interaction_type\":\"like\"}" "$base/api/interact" ||
      die "POST /api/interact failed: is Kafka up? (./pipeline up)"
  done
  local waited=0
  until [[ "$(curl -fsS "$base/api/user/$user" 2>/dev/null | jq '.liked_tracks | length')" == "3" ]]; do
    ((waited >= 300)) && die "the bench user's likes did not reach /api/user within 30 s: is the speed layer running? (./pipeline up)"
    sleep 0.1
    waited=$((waited + 1))
  done
  say "bench user $user has $(curl -fsS "$base/api/user/$user" | jq -c .liked_artists) as liked artists"

  # wrk Lua: random seed per request; done() prints one parsable line with the figures.
  local lua="$dir/recommend.lua"
  cat >"$lua" <<LUA
local seeds = {}
for line in io.lines("$dir/seeds.txt") do seeds[#seeds + 1] = line end
local user = os.getenv("BENCH_USER")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local seed = seeds[math.random(#seeds)]
  local body
  if user and user ~= "" then
    body = '{"track_id":"' .. seed .. '","user_id":"' .. user .. '","top_n":10}'
  else
    body = '{"track_id":"' .. seed .. '","top_n":10}'
  end
  return wrk.format(nil, "/api/recommend", nil, body)
end
LUA
  cat >"$dir/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50=%.2f p95=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
LUA
  cat "$dir/report.lua" >>"$lua"
  cat >"$dir/search.lua" <<'LUA'
local queries = {"love", "the", "rock", "night", "a", "jazz", "bach", "you", "dance", "blue"}
request = function()
  return wrk.format("GET", "/api/tracks?q=" .. queries[math.random(#queries)] .. "&limit=20")
end
LUA
  cat "$dir/report.lua" >>"$dir/search.lua"
  # "For you": no seed, the centroid of the bench user's liked tracks against every track.
  cat >"$dir/foryou.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"user_id":"$user","top_n":10}'
LUA
  cat "$dir/report.lua" >>"$dir/foryou.lua"

  run_wrk() { # label, then wrk arguments
    local label="$1"
    shift
    wrk -t"$threads" -c"$conns" -d"$duration" --timeout 5s "$@" >"$dir/$label.wrk" 2>&1
    local line
    line="$(grep '^RESULT' "$dir/$label.wrk")" || { cat "$dir/$label.wrk" >&2; die "wrk failed for $label"; }
    echo "$label $line" >>"$dir/results.txt"
  }
  : >"$dir/results.txt"
  local load_before
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  # Warm-up, not reported: every measured path gets BENCH_WARMUP, so the JIT has compiled all of
  # them (on a busy 2-core machine C2 needs minutes) and the candidate cache holds every seed.
  local warmup="${BENCH_WARMUP:-30s}"
  say "warm-up: $warmup per endpoint ..."
  wrk -t"$threads" -c"$conns" -d"$warmup" "$base/api/ping" >/dev/null 2>&1
  BENCH_USER="" wrk -t"$threads" -c"$conns" -d"$warmup" -s "$lua" "$base" >/dev/null 2>&1
  BENCH_USER="$user" wrk -t"$threads" -c"$conns" -d"$warmup" -s "$lua" "$base" >/dev/null 2>&1
  wrk -t"$threads" -c"$conns" -d"$warmup" -s "$dir/search.lua" "$base" >/dev/null 2>&1
  wrk -t"$threads" -c"$conns" -d"$warmup" -s "$dir/foryou.lua" "$base/api/recommend" >/dev/null 2>&1
  say "wrk: GET /api/ping (baseline) ..."
  run_wrk ping -s "$dir/report.lua" "$base/api/ping"
  say "wrk: POST /api/recommend without user_id ..."
  BENCH_USER="" run_wrk recommend_plain -s "$lua" "$base"
  say "wrk: POST /api/recommend with user_id ..."
  BENCH_USER="$user" run_wrk recommend_user -s "$lua" "$base"
  say "wrk: POST /api/recommend for you (user_id, no track_id) ..."
  run_wrk recommend_for_you -s "$dir/foryou.lua" "$base/api/recommend"
  say "wrk: GET /api/tracks?q= ..."
  run_wrk search -s "$dir/search.lua" "$base"
  # The baseline again, so a machine busy with something else shows up as two differing rows.
  say "wrk: GET /api/ping (baseline, again) ..."
  run_wrk ping_again -s "$dir/report.lua" "$base/api/ping"

  # Open loop: hey -q is a per-worker rate, so rate = workers × per-worker rate.
  local workers=20 seed
  seed="$(head -n 1 "$dir/seeds.txt")"
  curl -fsS "$base/actuator/prometheus" >"$dir/prometheus-before.txt"
  say "hey: POST /api/recommend with user_id at a fixed $rate req/s for $duration ..."
  hey -z "$duration" -c "$workers" -q $((rate / workers)) -m POST -T application/json \
    -d "{\"track_id\":\"$seed\",\"user_id\":\"$user\",\"top_n\":10}" "$base/api/recommend" >"$dir/fixed-rate.hey" 2>&1
  curl -fsS "$base/actuator/prometheus" >"$dir/prometheus-after.txt"
  # The server's own view of the same requests (http.server.requests histogram, difference of the
  # two scrapes): time inside the servlet stack, without the queueing in the kernel and the load
  # generator. Upper bound of the bucket holding the quantile, like Prometheus' histogram_quantile.
  local server_p50 server_p99
  server_p50="$(serving_histogram_quantile "$dir/prometheus-before.txt" "$dir/prometheus-after.txt" 0.5)"
  server_p99="$(serving_histogram_quantile "$dir/prometheus-before.txt" "$dir/prometheus-after.txt" 0.99)"
  local hey_rps hey_p50 hey_p95 hey_p99 hey_non200
  hey_rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$dir/fixed-rate.hey")"
  hey_p50="$(awk '/ 50% in/ {printf "%.2f", $3 * 1000}' "$dir/fixed-rate.hey")"
  hey_p95="$(awk '/ 95% in/ {printf "%.2f", $3 * 1000}' "$dir/fixed-rate.hey")"
  hey_p99="$(awk '/ 99% in/ {printf "%.2f", $3 * 1000}' "$dir/fixed-rate.hey")"
  hey_non200="$(awk '/^\s*\[[0-9]+\]/ && $1 != "[200]" {n += $2} END {print n + 0}' "$dir/fixed-rate.hey")"

  local ping_rps
  # Ratios are against the mean of the two baseline runs.
  ping_rps="$(awk '$1 ~ /^ping/ {sub("rps=", "", $3); sum += $3; n++} END {printf "%.0f", sum / n}' "$dir/results.txt")"
  {
    echo "Serving layer benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load generator on the same machine"
    echo "model $model ($tracks tracks), model load from S3: ${load_ms} ms; wrk -t$threads -c$conns -d$duration;" \
      "load average before: $load_before"
    echo
    echo "| endpoint (wrk, closed loop) | req/s | vs ping | p50 ms | p95 ms | p99 ms | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    while read -r label _ rps p50 p95 p99 errors _; do
      rps="${rps#rps=}"
      case "$label" in
        ping) label="GET /api/ping (trivial baseline, first)" ;;
        ping_again) label="GET /api/ping (trivial baseline, last)" ;;
        recommend_plain) label="POST /api/recommend, no user_id" ;;
        recommend_user) label="POST /api/recommend, with user_id" ;;
        recommend_for_you) label="POST /api/recommend, for you (no track_id)" ;;
        search) label="GET /api/tracks?q=" ;;
      esac
      printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$(awk -v a="$rps" -v b="$ping_rps" 'BEGIN {printf "%.2f", a / b}')" \
        "${p50#p50=}" "${p95#p95=}" "${p99#p99=}" "${errors#errors=}"
    done <"$dir/results.txt"
    echo
    echo "| fixed rate (hey -c $workers -q $((rate / workers))) | achieved req/s | p50 ms | p95 ms | p99 ms | non-200 | server-side p50 / p99 ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    echo "| recommend with user_id @ $rate req/s | $hey_rps | $hey_p50 | $hey_p95 | $hey_p99 | $hey_non200 | $server_p50 / $server_p99 |"
  } | tee "$dir/summary.md"
  say "raw outputs in $dir"
  if [[ -n "$started_here" ]]; then
    stop_process serving-bench 30 >/dev/null
    trap - EXIT
  fi
}

# The classpath of the serving bench mains (serving-layer/src/bench/java, compiled with the tests,
# never in the app jar): this checkout's own contracts and serving classes first (compiled here, so
# an older contracts jar installed in ~/.m2 never shadows them), then serving's test dependencies.
serving_bench_classpath() {
  local out="$DATA_DIR/bench-cf/classpath.txt"
  mkdir -p "$(dirname "$out")"
  (cd "$REPO_ROOT" && mvn -B -o -q -pl contracts,serving-layer -am -Dspotless.check.skip=true \
    test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out") >&2 ||
    die "the serving bench classes did not compile"
  echo "$REPO_ROOT/serving-layer/target/test-classes:$REPO_ROOT/serving-layer/target/classes:$(cat "$out")"
}

# ./pipeline bench cf: the serving layer's collaborative filtering (issue 16).
#
# 1. In process (CfBenchmark): load with factors, fold-in per event, "for you" with and without the
#    listener cache, the kappa and also_play profiles, on CF_BENCH_MODEL (a version directory or a
#    models root holding LATEST, with factors). Default: the full catalogue built by the batch job
#    under $DATA_DIR/bench-cf/full (once), with SYNTHETIC factors added by SyntheticFactors for the
#    CF_BENCH_SHARE (1.0) most popular tracks and 1,324 listeners: until the batch trains real
#    ones, the costs are measured on factors of the real shape, not on trained ones.
# 2. Over HTTP, when the pipeline runs (./pipeline up; CF_BENCH_HTTP=0 skips): the version goes to
#    the pipeline's store as LATEST (SYNTHETIC factors, the full catalogue), two serving instances on
#    free ports serve it beside the pipeline's (one with RECOMMEND_LISTENER_CACHE_SIZE=0, every
#    request merged, folded in and ranked afresh); wrk closed loop for "for you" over
#    CF_BENCH_USERS (20) listeners vs /api/ping, hey at a fixed BENCH_RATE (2000) req/s, and a new
#    listener's first like to a changed "for you" on all three instances (FirstLikeLatency,
#    CF_BENCH_FIRST_LIKES = 50 listeners) through Kafka and the speed layer.
# Knobs as serving_bench: BENCH_DURATION (20s), BENCH_CONNECTIONS (16), BENCH_THREADS (1),
# BENCH_WARMUP (30s). Prints a summary and writes it to $DATA_DIR/bench-cf/summary.md.
cf_bench() {
  local dir="$DATA_DIR/bench-cf" share="${CF_BENCH_SHARE:-1.0}" model="${CF_BENCH_MODEL:-}" cp
  mkdir -p "$dir"
  cp="$(serving_bench_classpath)"
  if [[ -z "$model" ]]; then
    if [[ ! -s "$dir/full/LATEST" ]]; then
      [[ -f "$REPO_ROOT/batch-layer/target/batch-layer-0.1.0-SNAPSHOT.jar" ]] ||
        die "the batch layer is not packaged (mvn -pl contracts,batch-layer -am package -DskipTests)"
      say "building the full-catalogue model once (batch job, --sample all --top-k 100) into $dir/full ..."
      batch_run --input "$PIPELINE_DATASET" --output "file://$dir/full" --sample all --top-k 100 \
        --interactions none >"$dir/full-batch.log" 2>&1 || die "batch job failed: $dir/full-batch.log"
    fi
    model="$dir/full-cf-$share"
    if [[ ! -s "$model/LATEST" ]]; then
      java -Xmx2g -cp "$cp" org.lambdamusic.serving.model.SyntheticFactors "$dir/full" "$model" "$share" \
        2>/dev/null | grep '^published' || die "SyntheticFactors failed"
    fi
  fi
  say "cf bench, in process, on $model ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xmx2g -cp "$cp" org.lambdamusic.serving.recommend.CfBenchmark "$model" 2>/dev/null | tee "$dir/in-process.txt"

  local base="http://127.0.0.1:$(serving_port)"
  if [[ "${CF_BENCH_HTTP:-1}" == 0 ]] || ! curl -fsS -o /dev/null "$base/actuator/health/readiness" 2>/dev/null; then
    say "HTTP part skipped (no pipeline ready at $base; ./pipeline up, or CF_BENCH_HTTP=0)"
    return 0
  fi
  command -v wrk >/dev/null || die "wrk is needed (Debian: apt-get install -y wrk)"
  command -v hey >/dev/null || die "hey is needed (Debian: apt-get install -y hey)"
  local version
  version="$(java -Xmx2g -cp "$cp" org.lambdamusic.serving.model.SyntheticFactors "$dir/full" \
    "s3://$S3_BUCKET/models" "$share" 2>/dev/null | sed -n 's/^published \([^ ]*\) .*/\1/p')"
  [[ -n "$version" ]] || die "could not publish the bench version to s3://$S3_BUCKET/models"
  say "published $version (SYNTHETIC factors) as LATEST; waiting for $base to serve it ..."
  local waited=0
  until [[ "$(curl -fsS "$base/api/stats" | jq -r .model_version)" == "$version" ]]; do
    ((waited >= 600)) && die "$base did not swap to $version within 60 s"
    sleep 0.1
    waited=$((waited + 1))
  done

  local ports=() bases=() name port i
  for name in cf-bench-cached cf-bench-uncached; do
    port="$(serving_free_port)"
    : >"$(log_file "$name")"
    if [[ "$name" == cf-bench-uncached ]]; then
      RECOMMEND_LISTENER_CACHE_SIZE=0 serving_start "$name" "$port" \
        --management.metrics.distribution.expiry.http.server.requests=30s \
        --management.metrics.distribution.buffer-length.http.server.requests=3
    else
      serving_start "$name" "$port" \
        --management.metrics.distribution.expiry.http.server.requests=30s \
        --management.metrics.distribution.buffer-length.http.server.requests=3
    fi
    ports+=("$port")
    bases+=("http://127.0.0.1:$port")
  done
  # shellcheck disable=SC2064
  trap "stop_process cf-bench-cached 30 >/dev/null; stop_process cf-bench-uncached 30 >/dev/null" EXIT
  serving_wait_ready cf-bench-cached "${bases[0]}" 180
  serving_wait_ready cf-bench-uncached "${bases[1]}" 180
  local load_cached load_uncached
  load_cached="$(serving_model_load_ms "$(log_file cf-bench-cached)")"
  load_uncached="$(serving_model_load_ms "$(log_file cf-bench-uncached)")"
  say "bench instances ready: ${bases[0]} (listener cache on, model load ${load_cached} ms), ${bases[1]} (off, ${load_uncached} ms)"

  # Listeners who liked three popular tracks each, through the real ingest path.
  curl -fsS "$base/api/tracks?q=&limit=100&offset=0&recommendable=true" | jq -r '.items[].track_id' >"$dir/tracks.txt"
  local users="${CF_BENCH_USERS:-20}" user track
  : >"$dir/users.txt"
  for ((i = 0; i < users; i++)); do
    user="cf-bench-$$-$i"
    echo "$user" >>"$dir/users.txt"
    for track in $(shuf -n 3 --random-source=<(yes "$i") "$dir/tracks.txt"); do
      curl -fsS -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"user_id\":\"$user\",\"track_id\":\"$track\",\"interaction_type\":\"like\"}" "$base/api/interact" ||
        die "POST /api/interact failed: is Kafka up?"
    done
  done
  waited=0
  for b in "${bases[@]}"; do
    until [[ "$(curl -fsS "$b/api/user/$user" 2>/dev/null | jq '.liked_tracks | length')" == 3 ]]; do
      ((waited >= 600)) && die "the bench listeners' likes did not reach $b within 60 s: is the speed layer running?"
      sleep 0.1
      waited=$((waited + 1))
    done
  done

  local duration="${BENCH_DURATION:-20s}" conns="${BENCH_CONNECTIONS:-16}" threads="${BENCH_THREADS:-1}"
  local rate="${BENCH_RATE:-2000}" warmup="${BENCH_WARMUP:-30s}"
  local lua="$dir/foryou-users.lua"
  cat >"$lua" <<LUA
local users = {}
for line in io.lines("$dir/users.txt") do users[#users + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  return wrk.format(nil, "/api/recommend", nil, '{"user_id":"' .. users[math.random(#users)] .. '","top_n":10}')
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50=%.2f p95=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
LUA
  sed -n '/^done = function/,$p' "$lua" >"$dir/report.lua"
  : >"$dir/results.txt"
  cf_wrk() { # label, base, wrk args...
    local label="$1" b="$2"
    shift 2
    wrk -t"$threads" -c"$conns" -d"$duration" --timeout 5s "$@" "$b" >"$dir/$label.wrk" 2>&1
    echo "$label $(grep '^RESULT' "$dir/$label.wrk" || echo 'RESULT failed')" >>"$dir/results.txt"
  }
  cf_hey() { # label, base: one listener's "for you" at a fixed rate, client and server quantiles
    local label="$1" b="$2" workers=20
    curl -fsS "$b/actuator/prometheus" >"$dir/$label-before.prom"
    hey -z "$duration" -c "$workers" -q $((rate / workers)) -m POST -T application/json \
      -d "{\"user_id\":\"$(head -n 1 "$dir/users.txt")\",\"top_n\":10}" "$b/api/recommend" >"$dir/$label.hey" 2>&1
    curl -fsS "$b/actuator/prometheus" >"$dir/$label-after.prom"
    echo "$label RESULT $(awk '/Requests\/sec/ {printf "rps=%.0f", $2} / 50% in/ {printf " p50=%.2f", $3 * 1000} / 99% in/ {printf " p99=%.2f", $3 * 1000}' "$dir/$label.hey")" \
      "non200=$(awk '/^\s*\[[0-9]+\]/ && $1 != "[200]" {n += $2} END {print n + 0}' "$dir/$label.hey")" \
      "server_p50=$(serving_histogram_quantile "$dir/$label-before.prom" "$dir/$label-after.prom" 0.5)" \
      "server_p99=$(serving_histogram_quantile "$dir/$label-before.prom" "$dir/$label-after.prom" 0.99)" >>"$dir/results.txt"
  }
  local load_before
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  say "warm-up: $warmup per endpoint and instance ..."
  for b in "${bases[@]}"; do
    wrk -t"$threads" -c"$conns" -d"$warmup" "$b/api/ping" >/dev/null 2>&1
    wrk -t"$threads" -c"$conns" -d"$warmup" -s "$lua" "$b" >/dev/null 2>&1
  done
  say "wrk: ping, for you (listener cache on), for you (cache off), ping ..."
  cf_wrk ping "${bases[0]}/api/ping" -s "$dir/report.lua"
  cf_wrk for_you_cached "${bases[0]}" -s "$lua"
  cf_wrk for_you_uncached "${bases[1]}" -s "$lua"
  cf_wrk ping_again "${bases[0]}/api/ping" -s "$dir/report.lua"
  say "hey: for you at a fixed $rate req/s, cache on, then off ..."
  cf_hey fixed_cached "${bases[0]}"
  cf_hey fixed_uncached "${bases[1]}"
  say "first like to a changed for you, ${CF_BENCH_FIRST_LIKES:-50} new listeners, on $base ${bases[*]} ..."
  java -cp "$cp" org.lambdamusic.serving.recommend.FirstLikeLatency "${CF_BENCH_FIRST_LIKES:-50}" "$dir/tracks.txt" \
    "$base" "${bases[@]}" 2>/dev/null | tee "$dir/first-like.txt"

  # One key=value of a results line ("" when absent; " p50" never matches "server_p50").
  cf_field() { grep -o "\(^\| \)$1=[0-9.]*" <<<" $2" | head -n 1 | cut -d= -f2 || true; }
  local ping_rps
  ping_rps="$(awk '$1 ~ /^ping/ {sub("rps=", "", $3); sum += $3; n++} END {printf "%.0f", sum / n}' "$dir/results.txt")"
  {
    echo "Serving CF benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load generator on the same machine," \
      "load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "model $version (full catalogue, SYNTHETIC factors for share $share of the tracks), model load ${load_cached} / ${load_uncached} ms;" \
      "wrk -t$threads -c$conns -d$duration over $users listeners"
    echo
    echo "| run | req/s | vs ping | p50 ms | p95 / p99 ms | server p50 / p99 ms | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    while read -r label _ rest; do
      local rps p50 p95 p99 err sp50 sp99
      rps="$(cf_field rps "$rest")"
      p50="$(cf_field p50 "$rest")"
      p95="$(cf_field p95 "$rest")"
      p99="$(cf_field p99 "$rest")"
      err="$(cf_field errors "$rest")$(cf_field non200 "$rest")"
      sp50="$(cf_field server_p50 "$rest")"
      sp99="$(cf_field server_p99 "$rest")"
      printf '| %s | %s | %s | %s | %s / %s | %s | %s |\n' "$label" "$rps" \
        "$(awk -v a="$rps" -v b="$ping_rps" 'BEGIN {if (b > 0) printf "%.2f", a / b}')" "$p50" "${p95:--}" "$p99" \
        "${sp50:--} / ${sp99:--}" "$err"
    done <"$dir/results.txt"
    echo
    echo "first like to a changed for you:"
    sed 's/^RESULT /  /' "$dir/first-like.txt"
  } | tee "$dir/summary.md"
  stop_process cf-bench-cached 30 >/dev/null
  stop_process cf-bench-uncached 30 >/dev/null
  trap - EXIT
  say "raw outputs in $dir"
}
