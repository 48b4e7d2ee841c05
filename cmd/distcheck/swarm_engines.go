package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/distcheck/distcheck/swarm"
)

// dnsLabel is what Kubernetes accepts as a Job's name (RFC 1123 label; 63 characters, and the
// pods' names add the index and a suffix, so Job names are best kept shorter).
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// jobName returns --name or distcheck-<protocol>.
func (s *swarmSpec) jobName() (string, error) {
	name := s.sf.name
	if name == "" {
		name = "distcheck-" + strings.ToLower(s.p.Name)
	}
	if len(name) > 52 || !dnsLabel.MatchString(name) {
		return "", usagef("%s: --name %q: want lower-case letters, digits and '-', at most 52 characters, starting and ending with a letter or digit", s.cmd, name)
	}
	return name, nil
}

// sbatch prints a Slurm job array script with one task per shard. It creates the results
// directory and saves the plan there, so that a wrong directory is refused now, not by every
// task.
func (s *swarmSpec) sbatch(stdout io.Writer) (int, error) {
	dir, err := s.absDir()
	if err != nil {
		return 0, err
	}
	if strings.ContainsAny(dir, " \t\n'\"\\") {
		return 0, usagef("%s: --dir %q: Slurm's #SBATCH lines cannot quote a path with spaces or quotes; choose another", s.cmd, dir)
	}
	name, err := s.jobName()
	if err != nil {
		return 0, err
	}
	bin := s.sf.binary
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return 0, usagef("%s: cannot find this program: give --binary PATH: %v", s.cmd, err)
		}
	}
	if err := swarm.SavePlan(dir, s.plan); err != nil {
		return 0, usagef("%s: --dir: %s", s.cmd, swarmMsg(err))
	}
	array := fmt.Sprintf("0-%d", s.plan.Shards-1)
	if s.sf.parallelism > 0 {
		array += fmt.Sprintf("%%%d", s.sf.parallelism)
	}
	fmt.Fprintf(stdout, `#!/bin/bash
# distcheck swarm: %d shards of %s, one per task of a Slurm job array.
#   submit:          sbatch THIS_FILE
#   when it is done: %s swarm merge %s
#   rerun shards that merge reports missing: sbatch --array=I,J THIS_FILE
#SBATCH --job-name=%s
#SBATCH --array=%s
#SBATCH --ntasks=1
#SBATCH --output=%s/slurm-%%A_%%a.out
set -eu
exec %s
`, s.plan.Shards, shellJoin(append([]string{s.p.Name}, s.plan.Args...)), shellJoin([]string{bin}), shellJoin([]string{dir}),
		name, array, shellJoin([]string{dir}), shellJoin(append([]string{bin}, s.shardArgs(dir, -1)...)))
	return exitOK, nil
}

// manifest prints a Kubernetes Indexed Job with one completion per shard; the pods mount the
// PersistentVolumeClaim --claim at --dir.
func (s *swarmSpec) manifest(stdout io.Writer) (int, error) {
	dir := s.sf.dir
	if !path.IsAbs(dir) {
		return 0, usagef("%s: --dir %s: want an absolute path: where the pods mount the volume claim --claim", s.cmd, dir)
	}
	if s.sf.image == "" {
		return 0, usagef("%s: --image is required: a container image with distcheck in it", s.cmd)
	}
	name, err := s.jobName()
	if err != nil {
		return 0, err
	}
	if !dnsLabel.MatchString(s.sf.claim) {
		return 0, usagef("%s: --claim %q is not a volume claim's name", s.cmd, s.sf.claim)
	}
	bin := s.sf.binary
	if bin == "" {
		bin = "distcheck"
	}
	par := s.plan.Shards
	if s.sf.parallelism > 0 {
		par = min(par, s.sf.parallelism)
	}
	fmt.Fprintf(stdout, `# distcheck swarm: %d shards of %s, one per completion index.
#   run:             kubectl apply -f THIS_FILE
#   when it is done: distcheck swarm merge %s (in a pod that mounts %s)
# A shard whose pod fails is retried alone (backoffLimitPerIndex, Kubernetes ≥ 1.29); one lost leaves
# no result, and merge names it.
apiVersion: batch/v1
kind: Job
metadata:
  name: %s
  labels:
    app.kubernetes.io/name: distcheck-swarm
spec:
  completionMode: Indexed
  completions: %d
  parallelism: %d
  backoffLimitPerIndex: 3
  template:
    metadata:
      labels:
        app.kubernetes.io/name: distcheck-swarm
    spec:
      restartPolicy: Never
      containers:
        - name: shard
          image: %s
          command: [%s]
          args: [%s]
          volumeMounts:
            - name: results
              mountPath: %s
      volumes:
        - name: results
          persistentVolumeClaim:
            claimName: %s
`, s.plan.Shards, shellJoin(append([]string{s.p.Name}, s.plan.Args...)), dir, s.sf.claim,
		name, s.plan.Shards, par, yamlString(s.sf.image), yamlString(bin), yamlList(s.shardArgs(dir, -1)), yamlString(dir), s.sf.claim)
	return exitOK, nil
}

// yamlString quotes s as a YAML (and JSON) double-quoted string.
func yamlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func yamlList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = yamlString(x)
	}
	return strings.Join(q, ", ")
}
