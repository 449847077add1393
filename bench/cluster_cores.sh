#!/usr/bin/env bash
# The cores checks on a standalone cluster of this machine (see README "Performance"): 1 worker x 1 core,
# 2 workers x 1 core and 1 worker x 2 cores, bench/cores.yaml and bench/cores-logistic.yaml submitted twice each to each,
# fit seconds from results.json.
set -u
cd "$(dirname "$0")/.."  # needs `mvn verify` (or `mvn pre-integration-test`) for driver/target/spark-home
export SPARK_HOME="$PWD/driver/target/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
read -r -a OPTS < driver/target/jvm-options.txt
CP="$SPARK_HOME/jars/*"
run_cluster() {  # $1 workers, $2 cores each, $3 label
  pids=()
  java "${OPTS[@]}" -Xmx1g -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7177 --webui-port 8180 > /tmp/cc-master.log 2>&1 & pids+=($!)
  sleep 4
  for i in $(seq 1 $1); do
    mkdir -p /tmp/cc-w$i
    java "${OPTS[@]}" -Xmx1g -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores $2 --memory 6g --webui-port $((8180+i)) --work-dir /tmp/cc-w$i spark://127.0.0.1:7177 > /tmp/cc-w$i.log 2>&1 & pids+=($!)
  done
  sleep 8
  for config in cores cores-logistic; do
    for rep in 1 2; do
      java "${OPTS[@]}" -Xmx2g -cp "$CP" org.apache.spark.deploy.SparkSubmit --class dev.lrsweep.driver.SweepCli --master spark://127.0.0.1:7177 \
        --conf spark.driver.host=127.0.0.1 --conf spark.executor.memory=4g --conf spark.cores.max=2 \
        driver/target/lrsweep-app.jar run --config bench/$config.yaml --out /tmp/cc-out --overwrite > /tmp/cc-driver.log 2>&1
      python3 -c "import json;t=json.load(open('/tmp/cc-out/results.json'));print('$3', '$config', 'fit %.2f'%t['timings']['fit_seconds'], t['execution']['master'])"
    done
  done
  for p in "${pids[@]}"; do pkill -P $p 2>/dev/null; kill $p 2>/dev/null; done
  sleep 3; pkill -f CoarseGrainedExecutorBackend 2>/dev/null; sleep 1
}
run_cluster 1 1 "1 worker x 1 core"
run_cluster 2 1 "2 workers x 1 core"
run_cluster 1 2 "1 worker x 2 cores"
