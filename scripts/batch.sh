#!/usr/bin/env bash
# Batch layer: the Spark job that turns the Spotify CSV into a published model version.
# Sourced by ./pipeline (REPO_ROOT set, jars already built). Defines:
#   batch_run [BatchJobMain options]   run the job once (./pipeline batch ...)
#   batch_bench                        the benchmark (./pipeline bench batch)
#   topk_bench                         the top-K kernel alone, one JVM (./pipeline bench topk)
#   batch_views_bench                  the batch views alone on a SYNTHETIC archive (./pipeline bench batch-views)
#   quality_bench [job flags]          the evaluation on the store's archive, nothing published (./pipeline bench quality)
# Knobs: BATCH_JAVA_OPTS (default -Xmx3g), BATCH_CDS (1: AppCDS archive under $DATA_DIR/cds, made by the
# first run; 0: off), SPARK_MASTER (local[*]), S3_* (see contracts
# ObjectStoreSettings); bench: BATCH_BENCH_ROWS (1000000 synthetic rows), BATCH_BENCH_TOP_K (100),
# BATCH_BENCH_S3_PORT (a free port), BATCH_BENCH_CDS (1: also time the empty and sample jobs with an
# AppCDS archive of the job's classes; 0: skip); topk bench: TOPK_BENCH_K (100),
# TOPK_BENCH_WARMUP (3 warm-up rounds), TOPK_BENCH_ROUNDS (5 measured rounds); batch-views bench:
# BATCH_VIEWS_BENCH_EVENTS (10000000 archive records), BATCH_VIEWS_BENCH_USERS (50000),
# BATCH_VIEWS_BENCH_ROUNDS (1; more = further warm rounds in the same JVM). The job itself:
# FEEDBACK_PLAY/LIKE/SKIP_WEIGHT, HISTORY_SIZE (contracts FeedbackSettings) for the batch views;
# ALS_RANK/REG/ALPHA/ITERATIONS/SEED (contracts AlsSettings); SCORING_*_WEIGHT (contracts
# ScoringSettings, the blend the evaluation measures); QUALITY_GATE_MARGIN (the promotion gate).

batch_classpath() {
  echo "$REPO_ROOT/batch-layer/target/batch-layer-0.1.0-SNAPSHOT.jar:$REPO_ROOT/batch-layer/target/lib/*"
}

# The benchmark's mains (batch-layer/src/bench/java) are compiled with the tests and never ship in
# the job jar: the bench runs them from target/test-classes, after the job's own classpath.
batch_bench_classpath() {
  echo "$(batch_classpath):$REPO_ROOT/batch-layer/target/test-classes"
}

# Compiles the bench classes when they are missing or older than their sources (offline build).
batch_bench_compile() {
  local marker="$REPO_ROOT/batch-layer/target/test-classes/org/lambdamusic/batch/bench/EmptySparkJob.class"
  if [[ ! -f "$marker" || -n "$(find "$REPO_ROOT/batch-layer/src/bench" -newer "$marker" -name '*.java' | head -1)" ]]; then
    say "compiling the batch bench classes (mvn test-compile)"
    (cd "$REPO_ROOT" && mvn -B -o -q -pl batch-layer -Dspotless.check.skip=true test-compile) \
      || die "bench classes did not compile"
  fi
}

# Java options for every batch JVM: heap for the 93 MB dense matrix (sample) or 72 MB neighbour
# table plus Spark's own; nothing else, so the benchmark's baseline runs with the same flags.
batch_java_opts() {
  echo "${BATCH_JAVA_OPTS:--Xmx3g}"
}

# AppCDS, on by default: the job's classes (~12,600 of Spark, MLlib, the AWS SDK...) are mapped from
# an archive instead of being parsed and verified at every start (seconds of a ~15 s job). The first
# successful run with a given job jar and dependency set dumps the archive at exit (a few seconds
# more, once) under $DATA_DIR/cds/; later runs map it; a rebuilt jar gets a new one (the name holds
# a checksum of the jar and the dependency list) and the old one is removed. BATCH_CDS=0: off.
batch_cds_archive() {
  local key
  key=$( (cat "$REPO_ROOT/batch-layer/target/batch-layer-0.1.0-SNAPSHOT.jar"; ls "$REPO_ROOT/batch-layer/target/lib"; java -version 2>&1) \
    | sha256sum | cut -c1-16)
  echo "$DATA_DIR/cds/batch-$key.jsa"
}

batch_run() {
  local cds=() jsa="" dump="" status=0
  if [[ "${BATCH_CDS:-1}" != 0 ]]; then
    jsa="$(batch_cds_archive)"
    if [[ -s "$jsa" ]]; then
      cds=("-XX:SharedArchiveFile=$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    else
      mkdir -p "$(dirname "$jsa")"
      dump="$jsa.$$.tmp"
      cds=("-XX:ArchiveClassesAtExit=$dump" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
  fi
  # shellcheck disable=SC2046
  SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" \
    java $(batch_java_opts) "${cds[@]}" -cp "$(batch_classpath)" org.lambdamusic.batch.BatchJobMain "$@" \
    || status=$?
  if [[ -n "$dump" ]]; then
    # Keep an archive only from a run that did the whole job: one that stopped early (--help,
    # --if-absent with a LATEST, a failure) loaded a fraction of the classes (< 60 MB archive).
    if [[ $status == 0 && $(stat -c %s "$dump" 2>/dev/null || echo 0) -gt 60000000 ]]; then
      find "$(dirname "$jsa")" -name 'batch-*.jsa' ! -name "$(basename "$jsa")" -delete
      mv -f "$dump" "$jsa"
    else
      rm -f "$dump"
    fi
  fi
  return "$status"
}

batch_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs a java main under /usr/bin/time: appends "wall_s=<s> peak_rss_kb=<kb>" to the log.
# BATCH_TIMED_EXTRA: JVM options added for this run only (the AppCDS archive). The job's own
# classpath (as ./pipeline batch), with the bench classes appended for the bench's mains.
batch_timed() {
  local log="$1"
  shift
  local cp
  cp="$(batch_classpath)"
  [[ "$1" == org.lambdamusic.batch.bench.* ]] && cp="$(batch_bench_classpath)"
  # shellcheck disable=SC2046,SC2086
  /usr/bin/time -f "wall_s=%e peak_rss_kb=%M exit=%x" -a -o "$log" \
    env SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" \
    java $(batch_java_opts) ${BATCH_TIMED_EXTRA:-} -cp "$cp" "$@" >>"$log" 2>&1
}

# ./pipeline bench batch: on the real dataset, (1) the empty Spark job baseline (session + read CSV
# + count), (2) the 4,832-track job end to end (JVM start to LATEST written, into a fresh s3proxy on
# a free port), (3) the full-catalog top-K job, (4) load-clean-standardize alone on a SYNTHETIC
# 1,000,000-row jittered scale-up of the real file (written under the bench data dir). Prints the
# figures and rewrites the "Batch layer" section of BENCHMARKS.md.
batch_bench() {
  local dir="$DATA_DIR/bench-batch"
  local input="$PIPELINE_DATASET"
  local rows="${BATCH_BENCH_ROWS:-1000000}"
  local top_k="${BATCH_BENCH_TOP_K:-100}"
  [[ -f "$input" ]] || die "dataset not found: $input"
  command -v /usr/bin/time >/dev/null || die "/usr/bin/time is needed (Debian package: time)"
  batch_bench_compile
  rm -rf "$dir"
  mkdir -p "$dir/logs"
  local s3_port
  s3_port="${BATCH_BENCH_S3_PORT:-$(batch_free_port)}"
  say "batch bench: data in $dir, object store on 127.0.0.1:$s3_port, input $input"
  (
    export S3_ENDPOINT="http://127.0.0.1:$s3_port"
    trap '[[ -f "$dir/run/s3.pid" ]] && kill "$(cat "$dir/run/s3.pid")" 2>/dev/null' EXIT
    localstack_cli start s3 --data "$dir" | sed 's/^/  /'
    local load_before
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)

    say "1/4 empty Spark job (session start + read CSV + count)"
    batch_timed "$dir/logs/empty.log" org.lambdamusic.batch.bench.EmptySparkJob "$input"
    say "2/4 sample job (4,832 tracks, dense) to s3://$S3_BUCKET/models"
    batch_timed "$dir/logs/sample.log" org.lambdamusic.batch.BatchJobMain \
      --input "$input" --output "s3://$S3_BUCKET/models" --sample 4832
    if [[ "${BATCH_BENCH_CDS:-1}" != 0 ]]; then
      # AppCDS: a training run on the small fixture dumps the classes it loaded (~12,600 of
      # Spark, MLlib, the AWS SDK...) into an archive the next JVMs map instead of parsing and
      # verifying them; then the same two runs again with it, so the ratio compares like with like.
      say "2b/4 AppCDS: training run (fixture, file:// output), then empty and sample job with the archive"
      local jsa="$dir/cds/batch.jsa"
      mkdir -p "$dir/cds"
      BATCH_TIMED_EXTRA="-XX:ArchiveClassesAtExit=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
        batch_timed "$dir/logs/cds-train.log" org.lambdamusic.batch.BatchJobMain \
        --input "$REPO_ROOT/datasets/fixtures/spotify_tracks_small.csv" \
        --output "file://$dir/cds/train-output" --sample 100
      BATCH_TIMED_EXTRA="-XX:SharedArchiveFile=$jsa" \
        batch_timed "$dir/logs/empty-cds.log" org.lambdamusic.batch.bench.EmptySparkJob "$input"
      BATCH_TIMED_EXTRA="-XX:SharedArchiveFile=$jsa" \
        batch_timed "$dir/logs/sample-cds.log" org.lambdamusic.batch.BatchJobMain \
        --input "$input" --output "s3://$S3_BUCKET/models-cds" --sample 4832
    fi
    say "3/4 full-catalog job (top-$top_k) to s3://$S3_BUCKET/models-all"
    batch_timed "$dir/logs/all.log" org.lambdamusic.batch.BatchJobMain \
      --input "$input" --output "s3://$S3_BUCKET/models-all" --sample all --top-k "$top_k"
    say "4/4 SYNTHETIC $rows-row scale-up: generate, then load-clean-standardize"
    local synthetic="$dir/synthetic/spotify_tracks_SYNTHETIC_${rows}.csv.gz"
    batch_timed "$dir/logs/synthetic-gen.log" org.lambdamusic.batch.bench.SyntheticCatalog \
      "$input" "$synthetic" "$rows"
    batch_timed "$dir/logs/synthetic.log" org.lambdamusic.batch.bench.LoadCleanStandardize "$synthetic"
    local load_after
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)

    batch_bench_report "$dir/logs" "$REPO_ROOT/BENCHMARKS.md" "$load_before" "$load_after" "$rows" "$top_k"
  )
}

# ./pipeline bench topk: the full-catalog top-K kernel alone (TopKNeighbors.compute, the job's call)
# on the unit vectors of the real dataset, made by the job's own load-clean, sample (all) and
# standardize steps; warm-up rounds, then measured rounds in the same JVM (wall and process CPU
# time, rows/s, per-block latency p50/p95/p99, sha256 of the neighbour table). Prints only; the
# figures in BENCHMARKS.md are written by hand from its output.
topk_bench() {
  local input="$PIPELINE_DATASET"
  local k="${TOPK_BENCH_K:-100}"
  local warmup="${TOPK_BENCH_WARMUP:-3}"
  local rounds="${TOPK_BENCH_ROUNDS:-5}"
  [[ -f "$input" ]] || die "dataset not found: $input"
  batch_bench_compile
  local load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  say "top-K kernel bench: k=$k, $warmup warm-up + $rounds measured rounds on $(nproc) cores, input $input"
  say "load average before: $load_before"
  # shellcheck disable=SC2046
  SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" \
    java $(batch_java_opts) -cp "$(batch_bench_classpath)" org.lambdamusic.batch.bench.TopKKernelBench \
    "$input" "$k" "$warmup" "$rounds"
  say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ./pipeline bench batch-views: the batch views alone (BatchJob.batchViews, the job's own call: scan
# the archive, watermark, fold per listener, track scores) in a JVM of its own with the job's Spark
# session settings and $(batch_java_opts), on a SYNTHETIC archive of BATCH_VIEWS_BENCH_EVENTS Kafka
# records (3 partitions, 14 date folders, rejection markers, replayed copies, redeliveries, late
# events, legacy lines, one uncommitted offset; bench.SyntheticArchive, seed 7) written once under
# $DATA_DIR/bench-batch-views/ and reused by later runs. Prints the job's stage lines, wall time,
# events/s, the views' sha256 (the same on every run) and the load average; the figures in
# BENCHMARKS.md are copied from its output.
batch_views_bench() {
  local events="${BATCH_VIEWS_BENCH_EVENTS:-10000000}"
  local users="${BATCH_VIEWS_BENCH_USERS:-50000}"
  local rounds="${BATCH_VIEWS_BENCH_ROUNDS:-1}"
  local archive="$DATA_DIR/bench-batch-views/archive-SYNTHETIC-${events}-${users}u"
  command -v /usr/bin/time >/dev/null || die "/usr/bin/time is needed (Debian package: time)"
  batch_jar_fresh
  batch_bench_compile
  say "batch-views bench: SYNTHETIC archive of $events records, $users users: $archive"
  java -Xmx1g -cp "$(batch_bench_classpath)" org.lambdamusic.batch.bench.SyntheticArchive \
    "$archive" "$events" "$users" 7 || die "archive generation failed"
  say "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/{print $2}') GB RAM; JVM $(batch_java_opts)"
  say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2046
  /usr/bin/time -f "wall_s=%e peak_rss_kb=%M exit=%x" \
    env SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" \
    java $(batch_java_opts) -cp "$(batch_bench_classpath)" org.lambdamusic.batch.bench.BatchViewsBench \
    "$archive" "$rounds" 2>&1 | grep -v ' WARN '
  say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ./pipeline bench quality [job flags]: what the batch job measures before it publishes (ALS on the
# archive, listeners held out and folded in, every ranker through the serving layer's ranking code),
# run by the job itself with --evaluate-only: the real input, the object store's archive (default the
# embedded store of ./pipeline up, s3://$S3_BUCKET/interactions beside s3://$S3_BUCKET/models), sample
# $PIPELINE_SAMPLE (a later --sample wins), nothing written. Prints the table (rows blend, cf, content,
# popularity, cooccurrence, kappa, similarity, also_play; columns HR@10, NDCG@10, Recall@50, coverage,
# mean_popularity), the ALS training time and its share of the run, the stage lines, wall time and
# peak RSS; the job's log is kept under $DATA_DIR/bench-quality/. Figures in BENCHMARKS.md are copied
# from its output.
quality_bench() {
  command -v /usr/bin/time >/dev/null || die "/usr/bin/time is needed (Debian package: time)"
  batch_jar_fresh
  local dir="$DATA_DIR/bench-quality"
  mkdir -p "$dir"
  local log
  log="$dir/quality-$(date -u +%Y%m%dT%H%M%SZ).log"
  say "quality bench: input $PIPELINE_DATASET, output s3://$S3_BUCKET/models on $S3_ENDPOINT (archive beside it), sample $PIPELINE_SAMPLE, extra flags: ${*:-none}"
  say "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/{print $2}') GB RAM; JVM $(batch_java_opts)"
  say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local status=0
  # shellcheck disable=SC2046
  /usr/bin/time -f "wall_s=%e peak_rss_kb=%M exit=%x" -o "$log.time" \
    env SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" \
    java $(batch_java_opts) -cp "$(batch_classpath)" org.lambdamusic.batch.BatchJobMain \
    --input "$PIPELINE_DATASET" --output "s3://$S3_BUCKET/models" --sample "$PIPELINE_SAMPLE" \
    --evaluate-only "$@" >"$log.out" 2>"$log" || status=$?
  grep -E 'stage=(batch_views|als|evaluate_als|evaluate|similarity|done) ' "$log" | sed 's/^.*StageLog /  /; s/^.*BatchJob /  /'
  cat "$log.out"
  cat "$log.time"
  say "load average after: $(cut -d' ' -f1-3 /proc/loadavg); job log: $log"
  [[ $status == 0 ]] || die "the evaluation failed (exit $status): $(tail -1 "$log")"
}

# Rebuilds the job jar (offline, no tests) when a batch-layer main source is newer than it: the
# benches run the job's classes from the jar.
batch_jar_fresh() {
  local jar="$REPO_ROOT/batch-layer/target/batch-layer-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" || -n "$(find "$REPO_ROOT/batch-layer/src/main" "$REPO_ROOT/batch-layer/pom.xml" -newer "$jar" -type f | head -1)" ]]; then
    say "rebuilding the batch job jar (mvn -o package -DskipTests)"
    (cd "$REPO_ROOT" && mvn -B -o -q -pl batch-layer -Dspotless.check.skip=true -DskipTests package) \
      || die "batch job jar did not build"
  fi
}

# Turns the bench logs into a Markdown block, prints it and puts it between the markers in the
# "Batch layer" section of BENCHMARKS.md (creating the file or section if absent). Text outside
# the markers (the analysis) is kept.
batch_bench_report() {
  python3 - "$@" "$(batch_java_opts)" "$(nproc)" <<'PY'
import datetime, json, re, sys
from pathlib import Path

logs, bench_md, load_before, load_after, rows, top_k, java_opts, cores = sys.argv[1:9]
logs = Path(logs)

def parse(name):
    text = (logs / name).read_text(errors="replace") if (logs / name).exists() else ""
    stages = {}
    for m in re.finditer(r"stage=(\w+) rows_in=(\d+) rows_out=(\d+) ms=(\d+)(.*)", text):
        stages[m.group(1)] = dict(rows_in=int(m.group(2)), rows_out=int(m.group(3)), ms=int(m.group(4)), extra=m.group(5).strip())
    t = re.search(r"wall_s=([\d.]+) peak_rss_kb=(\d+) exit=(\d+)", text)
    d = dict(stages=stages, text=text)
    if t:
        d.update(wall=float(t.group(1)), rss_mb=int(t.group(2)) / 1024, exit=int(t.group(3)))
    b = re.search(r"model_bytes=(\d+)", text)
    d["bytes"] = int(b.group(1)) if b else None
    return d

empty, sample, full, synth, gen, empty_cds, sample_cds = (parse(n) for n in ("empty.log", "sample.log", "all.log", "synthetic.log", "synthetic-gen.log", "empty-cds.log", "sample-cds.log"))
e = re.search(r"spark_start_ms=(\d+) read_count_ms=(\d+)", empty["text"])
e_cds = re.search(r"spark_start_ms=(\d+) read_count_ms=(\d+)", empty_cds["text"])
def mb(b): return "n/a" if b is None else f"{b / 1e6:.1f} MB"
def wall(d): return f"{d['wall']:.1f} s" if "wall" in d else "failed"
def rss(d): return f"{d['rss_mb']:.0f} MB" if "rss_mb" in d else "n/a"
def ok(d): return "" if d.get("exit") == 0 else f" (exit {d.get('exit')}, see log)"
ratio = sample["wall"] / empty["wall"] if "wall" in sample and "wall" in empty else float("nan")
ratio_cds = sample_cds["wall"] / empty_cds["wall"] if "wall" in sample_cds and "wall" in empty_cds else None

out = []
out.append(f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {cores} cores, `{java_opts}`, "
           f"load average (1/5/15 min) {load_before} before and {load_after} after"
           + (" (**shared machine under load: figures are inflated**)." if float(load_before.split()[0]) > float(cores) else "."))
out.append("")
out.append("| run | wall time, JVM start to exit | peak RSS | model size | rows |")
out.append("|---|---|---|---|---|")
out.append(f"| empty Spark job (session + read CSV + count){ok(empty)} | {wall(empty)}"
           + (f" (session {int(e.group(1))/1000:.1f} s, read+count {int(e.group(2))/1000:.1f} s)" if e else "")
           + f" | {rss(empty)} | - | 114,000 |")
cl = sample["stages"].get("load_clean", {})
out.append(f"| sample job, 4,832 tracks, dense, to S3{ok(sample)} | **{wall(sample)}** | {rss(sample)} | {mb(sample['bytes'])} | {cl.get('rows_in', 0):,} raw → {cl.get('rows_out', 0):,} clean → 4,832 |")
if ratio_cds is not None:
    out.append(f"| empty Spark job, with AppCDS archive{ok(empty_cds)} | {wall(empty_cds)}"
               + (f" (session {int(e_cds.group(1))/1000:.1f} s, read+count {int(e_cds.group(2))/1000:.1f} s)" if e_cds else "")
               + f" | {rss(empty_cds)} | - | 114,000 |")
    out.append(f"| sample job, with AppCDS archive{ok(sample_cds)} | **{wall(sample_cds)}** | {rss(sample_cds)} | {mb(sample_cds['bytes'])} | same |")
cl = full["stages"].get("load_clean", {})
out.append(f"| full catalog, top-{top_k}, to S3{ok(full)} | **{wall(full)}** | {rss(full)} | {mb(full['bytes'])} | {cl.get('rows_out', 0):,} tracks |")
cl = synth["stages"].get("load_clean", {})
out.append(f"| SYNTHETIC {int(rows):,}-row scale-up: load-clean-standardize only{ok(synth)} | {wall(synth)} | {rss(synth)} | - | {cl.get('rows_in', 0):,} raw → {cl.get('rows_out', 0):,} clean |")
out.append("")
out.append(f"Sample job / empty job: **{ratio:.2f}x**"
           + (f"; both with the AppCDS archive: **{ratio_cds:.2f}x**" if ratio_cds is not None else "")
           + " (targets: sample job < 15 s and ≤ 1.5x the empty job of the same run; full catalog top-100 ≤ 28 s)."
           + " `./pipeline batch` runs with the AppCDS archive by default.")
out.append("")
names = []
for d in (sample, full, synth):
    for k in d["stages"]:
        if k not in names and k != "done":
            names.append(k)
out.append("| stage (ms) | sample job | sample job, AppCDS | full catalog | synthetic 1M |")
out.append("|---|---|---|---|---|")
for k in names:
    cells = [str(d["stages"][k]["ms"]) if k in d["stages"] else "" for d in (sample, sample_cds, full, synth)]
    out.append(f"| {k} | " + " | ".join(cells) + " |")
if "wall" in synth and cl.get("rows_in"):
    lc = synth["stages"].get("load_clean", {}).get("ms")
    if lc:
        out.append("")
        out.append(f"Synthetic load-clean throughput: {cl['rows_in'] / (lc / 1000):,.0f} rows/s (single gzip file = one read partition).")
block = "\n".join(out)
print(block)

begin, end = "<!-- batch-bench:begin -->", "<!-- batch-bench:end -->"
path = Path(bench_md)
text = path.read_text() if path.exists() else "# Benchmarks\n"
if "## Batch layer" not in text:
    text = text.rstrip("\n") + "\n\n## Batch layer\n\nCommand: `./pipeline bench batch`\n\n" + begin + "\n" + end + "\n"
if begin not in text:
    text = text.replace("## Batch layer\n", "## Batch layer\n\n" + begin + "\n" + end + "\n", 1)
a, b = text.index(begin) + len(begin), text.index(end)
text = text[:a] + "\n" + block + "\n" + text[b:]
path.write_text(text)
print(f"updated {path}")
PY
}
