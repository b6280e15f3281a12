#!/usr/bin/env bash
# Runs one Apache Kafka broker+controller (KRaft) on 127.0.0.1:9092 without Docker.
# Jars come from Maven Central into .local/kafka (git-ignored). Idempotent: start twice is fine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
HOME_DIR="${KAFKA_HOME_DIR:-$ROOT/.local/kafka}"
# Another broker (the chaos test's) can share the jars and keep its own data.
LIBS="${KAFKA_LIBS_DIR:-$HOME_DIR/libs}"
DATA="$HOME_DIR/data"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
PIDFILE="$HOME_DIR/kafka.pid"
LOG="$HOME_DIR/kafka.log"
CONF="$HOME_DIR/server.properties"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch_jars() {
  if [ -f "$LIBS/.complete" ]; then return; fi
  echo "kafka: fetching Kafka 4.4.0 jars through Maven into $LIBS"
  mkdir -p "$LIBS"
  mvn -q -B -f tools/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS"
  touch "$LIBS/.complete"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$CONF" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
PROPS
}

format_once() {
  if [ -f "$DATA/meta.properties" ]; then return; fi
  local cluster_id
  cluster_id=$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid)
  java -cp "$LIBS/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$CONF" >/dev/null
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

start() {
  if port_open "$PORT"; then echo "kafka: already answering on 127.0.0.1:$PORT"; return 0; fi
  fetch_jars
  write_config
  format_once
  echo "kafka: starting broker on 127.0.0.1:$PORT (log: $LOG)"
  nohup java -Xms512m -Xmx1g -Dlog4j2.configurationFile="$ROOT/tools/kafka/log4j2.yaml" \
    -cp "$LIBS/*" kafka.Kafka "$CONF" >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 120); do
    if port_open "$PORT"; then echo "kafka: up"; return 0; fi
    if ! running; then echo "kafka: broker exited, see $LOG" >&2; tail -20 "$LOG" >&2; return 1; fi
    sleep 0.5
  done
  echo "kafka: did not answer within 60s, see $LOG" >&2
  return 1
}

stop() {
  if running; then
    local pid; pid=$(cat "$PIDFILE")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "kafka: stopped"
  else
    echo "kafka: not running"
  fi
  rm -f "$PIDFILE"
}

clean() { stop; rm -rf "$DATA"; echo "kafka: data removed"; }

status() {
  if port_open "$PORT"; then echo "kafka: answering on 127.0.0.1:$PORT"; else echo "kafka: down"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  clean) clean ;;
  status) status ;;
  *) echo "usage: $0 start|stop|restart|status|clean" >&2; exit 2 ;;
esac
