#!/usr/bin/env bash
# Kafka's own ProducerPerformance and ConsumerPerformance (kafka-tools 4.3.1 on kafka-clients 4.4.0)
# without (A) and with (B) the Witness interceptors, interleaved A B A B ..., against a single-node
# KRaft broker (kafka_2.13 4.4.0) in its own JVM. Prints one line per run and, per tool, the median
# of the per-pair throughput ratios B/A and the client process's CPU seconds per million records.
#
#   benchmarks/kafka-perf.sh [records per run, default 1000000] [pairs, default 5]
#   PROFILE=1 benchmarks/kafka-perf.sh 300000 0   # one producer and one consumer run with Witness under JFR
#                                                # (target/kafka-perf-{producer,consumer}.jfr), no pairs
#   B_PROPS=$'witness.durability=async' benchmarks/kafka-perf.sh ...   # extra settings for the B runs
#   THREAD_CPU_WRAP="benchmarks/kafka-perf-threads.sh /tmp/tc" benchmarks/kafka-perf.sh ...   # CPU per thread
#
# Needs the Witness modules in the local repository (their dependencies resolve from there), and uses
# this checkout's compiled classes ahead of them when they exist:
#   mvn -q package -DskipTests -pl kafka-interceptor,storage-file -am
# Disk: a Witness producer run stores ~2 events per record (~3 GB per million 1 KiB records); each
# run's store is deleted after the run.
set -euo pipefail

RECORDS=${1:-1000000}
PAIRS=${2:-5}
SIZE=1024
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/witness-kafka-perf.XXXXXX)
BROKER_PID=
cleanup() {
  if [[ -n "$BROKER_PID" ]]; then kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for m in broker client; do
  mvn -B -q -f "$HERE/kafka-perf/$m/pom.xml" dependency:build-classpath -Dmdep.outputFile="$WORK/$m.cp" >/dev/null
done
BROKER_CP=$(cat "$WORK/broker.cp")
CLIENT_CP=$(cat "$WORK/client.cp")
# This checkout's compiled Witness modules come first when present (mvn -pl kafka-interceptor,storage-file
# -am package -DskipTests), so a run measures the working tree without installing it; WITNESS_FROM_REPO=1
# uses only the jars of the local repository.
ROOT=$(cd "$HERE/.." && pwd)
if [[ "${WITNESS_FROM_REPO:-0}" != 1 && -d "$ROOT/kafka-interceptor/target/classes" ]]; then
  for m in storage-spi masking-rules recorder-api guardrails storage-file kafka-interceptor; do
    if [[ ! -d "$ROOT/$m/target/classes" ]]; then echo "missing $ROOT/$m/target/classes: build it first" >&2; exit 1; fi
    CLIENT_CP="$ROOT/$m/target/classes:$CLIENT_CP"
  done
  echo "Witness classes from $ROOT/*/target/classes ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BPORT=$(free_port); CPORT=$(free_port)
BOOTSTRAP=localhost:$BPORT
cat > "$WORK/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:$CPORT
listeners=PLAINTEXT://localhost:$BPORT,CONTROLLER://localhost:$CPORT
advertised.listeners=PLAINTEXT://localhost:$BPORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$WORK/kafka-data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.partitions=1
EOF
echo "org.slf4j.simpleLogger.defaultLogLevel=warn" > "$WORK/simplelogger.properties"
java -cp "$BROKER_CP" kafka.tools.StorageTool format -t "$(python3 -c 'import uuid,base64;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
  -c "$WORK/server.properties" --standalone >/dev/null 2>&1
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BROKER_CP" kafka.Kafka "$WORK/server.properties" \
  > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 120); do
  if (echo > /dev/tcp/127.0.0.1/$BPORT) 2>/dev/null; then break; fi
  sleep 0.5
done
sleep 2

TOPIC=witness-perf
cat > "$WORK/producer-A.properties" <<EOF
bootstrap.servers=$BOOTSTRAP
EOF
cat > "$WORK/producer-B.properties" <<EOF
bootstrap.servers=$BOOTSTRAP
interceptor.classes=dev.witness.kafka.WitnessProducerInterceptor
witness.store=file:$WORK/store
EOF
cat > "$WORK/consumer-A.properties" <<EOF
bootstrap.servers=$BOOTSTRAP
EOF
cat > "$WORK/consumer-B.properties" <<EOF
bootstrap.servers=$BOOTSTRAP
interceptor.classes=dev.witness.kafka.WitnessConsumerInterceptor
witness.store=file:$WORK/store
EOF

# B_PROPS: extra settings for the B runs (not WITNESS_*: Witness reads those from the environment), one per line (e.g. witness.durability=async)
if [[ -n "${B_PROPS:-}" ]]; then
  printf '%s\n' "$B_PROPS" | tee -a "$WORK/producer-B.properties" >> "$WORK/consumer-B.properties"
  echo "B runs add: $(printf '%s' "$B_PROPS" | tr '\n' ' ')"
fi

CLIENT_JAVA=(java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# one client run: $1 = producer|consumer, $2 = A|B; prints "records/s cpu_seconds"
run() {
  local tool=$1 variant=$2 out="$WORK/out.txt" jfr=()
  if [[ "${PROFILE:-0}" == 1 && "$variant" == B ]]; then
    jfr=(-XX:+FlightRecorder "-XX:StartFlightRecording=filename=$HERE/../target/kafka-perf-$tool.jfr,settings=profile")
  fi
  if [[ $tool == producer ]]; then
    ${THREAD_CPU_WRAP:-} /usr/bin/time -f "%U %S" -o "$WORK/time.txt" "${CLIENT_JAVA[@]}" "${jfr[@]}" -cp "$CLIENT_CP" \
      org.apache.kafka.tools.ProducerPerformance --topic $TOPIC --num-records "$RECORDS" --record-size $SIZE \
      --throughput -1 --producer.config "$WORK/producer-$variant.properties" > "$out" 2>&1
    rate=$(grep -E "records sent" "$out" | tail -1 | sed -E 's/.*records sent, ([0-9.]+) records\/sec.*/\1/')
  else
    ${THREAD_CPU_WRAP:-} /usr/bin/time -f "%U %S" -o "$WORK/time.txt" "${CLIENT_JAVA[@]}" "${jfr[@]}" -cp "$CLIENT_CP" \
      org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic $TOPIC \
      --messages "$RECORDS" --timeout 120000 --consumer.config "$WORK/consumer-$variant.properties" > "$out" 2>&1
    # CSV: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
    rate=$(grep -E "^[0-9]{4}-" "$out" | tail -1 | awk -F', ' '{print $6}')
  fi
  if [[ -z "$rate" ]]; then echo "run failed: $tool $variant" >&2; cat "$out" >&2; exit 1; fi
  cpu=$(awk '{printf "%.2f", $1 + $2}' "$WORK/time.txt")
  rm -rf "$WORK/store"
  echo "$rate $cpu"
}

report() { # $1 = tool; reads "$WORK/$1.pairs": rateA cpuA rateB cpuB per line
  python3 - "$WORK/$1.pairs" "$RECORDS" "$1" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
n = float(sys.argv[2]); tool = sys.argv[3]
ratios = [b / a for a, _, b, _ in rows]
cpu_a = [ca * 1e6 / n for _, ca, _, _ in rows]; cpu_b = [cb * 1e6 / n for _, _, _, cb in rows]
added = [(cb - ca) / n * 1e6 for _, ca, _, cb in rows]
print(f"{tool}: pairs={len(rows)} records/run={int(n)}")
print(f"  throughput A (no Witness) median {statistics.median(r[0] for r in rows):,.0f} rec/s,"
      f" B (Witness) median {statistics.median(r[2] for r in rows):,.0f} rec/s")
print(f"  per-pair ratio B/A: {', '.join(f'{r:.3f}' for r in ratios)}  -> median {statistics.median(ratios):.3f}")
print(f"  client CPU s per 1M records: A median {statistics.median(cpu_a):.1f}, B median {statistics.median(cpu_b):.1f}")
print(f"  CPU added per record (B-A, per pair, us): {', '.join(f'{x:.2f}' for x in added)}"
      f" -> median {statistics.median(added):.2f} us")
EOF
}

if [[ "${PROFILE:-0}" == 1 ]]; then
  echo "profile: producer B: $(run producer B)"
  echo "profile: consumer B: $(run consumer B)"
  exit 0
fi

echo "broker: kafka_2.13 4.4.0 at $BOOTSTRAP (own JVM, pid $BROKER_PID); $RECORDS x $SIZE B records per run, $PAIRS pairs"
: > "$WORK/producer.pairs"
for i in $(seq 1 "$PAIRS"); do
  a=$(run producer A); b=$(run producer B)
  echo "producer pair $i: A $a  B $b   (records/s cpu_s)"
  echo "$a $b" >> "$WORK/producer.pairs"
done
: > "$WORK/consumer.pairs"
for i in $(seq 1 "$PAIRS"); do
  a=$(run consumer A); b=$(run consumer B)
  echo "consumer pair $i: A $a  B $b   (records/s cpu_s)"
  echo "$a $b" >> "$WORK/consumer.pairs"
done
report producer
report consumer
