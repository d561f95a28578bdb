#!/usr/bin/env bash
# CPU seconds per thread of one kafka-perf client run (user + sys, sys shown apart), read from
# /proc/<pid>/task every 0.2 s (a thread's last reading counts, so threads that end early count too).
# Used through kafka-perf.sh's THREAD_CPU_WRAP hook; writes <prefix>-<tool>-<nanos>, one file per run:
#   THREAD_CPU_WRAP="benchmarks/kafka-perf-threads.sh /tmp/tc" benchmarks/kafka-perf.sh 1000000 1
# GC and JIT threads are summed as GC, C2, C1.
out=$1-$(echo "$@" | grep -o "ProducerPerformance\|ConsumerPerformance" | head -1)-$(date +%s%N); shift
"$@" &
top=$!
sleep 0.3
pid=$(pgrep -P $top java || echo $top)
while kill -0 $pid 2>/dev/null; do
  for t in /proc/$pid/task/*; do n=$(cat $t/comm 2>/dev/null); s=$(cut -d')' -f2 $t/stat 2>/dev/null | awk '{print $12"+"$13}'); [[ -n "$s" ]] && echo "${t##*/}|$s|$n"; done >> "$out.raw"
  sleep 0.2
done
wait $top
rc=$?
python3 - "$out.raw" > "$out" <<'PY'
import sys,collections
last={}; sysd={}
for l in open(sys.argv[1]):
    p=l.rstrip('\n').split('|',2)
    if len(p)==3:
        u,sy=p[1].split('+'); last[p[0]]=(int(u)+int(sy),p[2]); sysd[p[2]]=int(sy)
agg=collections.Counter()
for tid,(v,n) in last.items():
    k='GC' if n.startswith(('GC Thread','G1')) else 'C2' if n.startswith('C2') else 'C1' if n.startswith('C1') else n
    agg[k]+=v
for k,v in agg.most_common(10): print(f'{v/100:7.2f} s {k}' + (f' (sys {sysd[k]/100:.2f} s)' if k in sysd else ''))
PY
rm -f "$out.raw"
exit $rc
