package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// indexedJob is the part of the Kubernetes batch/v1 Job schema that swarm manifest writes,
// with the API's field names: decoding with KnownFields rejects any other field, so a
// misspelt or misplaced field fails here. (kubectl's client-side dry run needs an API server
// for discovery, which the tests do not have.)
type indexedJob struct {
	APIVersion string   `yaml:"apiVersion"`
	Kind       string   `yaml:"kind"`
	Metadata   metadata `yaml:"metadata"`
	Spec       struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int   `yaml:"completions"`
		Parallelism          *int   `yaml:"parallelism"`
		BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
		Template             struct {
			Metadata metadata `yaml:"metadata"`
			Spec     struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name         string   `yaml:"name"`
					Image        string   `yaml:"image"`
					Command      []string `yaml:"command"`
					Args         []string `yaml:"args"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type metadata struct {
	Name   string            `yaml:"name,omitempty"`
	Labels map[string]string `yaml:"labels"`
}

// twophase4 is a small swarm over TwoPhase with the early-commit bug.
var twophase4 = []string{"twophase", "--rms", "3", "--bug", "early-commit", "--shards", "4", "--strategy", "swarm,pct", "--walks", "200"}

// The manifest is a valid Indexed Job, and its pods' command line, run once per completion
// index with JOB_COMPLETION_INDEX set as Kubernetes sets it, completes the swarm and finds
// the bug.
func TestManifestIsAnIndexedJobThatRunsTheSwarm(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, append([]string{"swarm", "manifest"}, append(twophase4, "--dir", dir, "--image", "registry.example/distcheck:1", "--parallelism", "2")...)...)
	require.Equal(t, exitOK, code, errOut)
	var job indexedJob
	dec := yaml.NewDecoder(strings.NewReader(out))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&job), out)

	assert.Equal(t, "batch/v1", job.APIVersion)
	assert.Equal(t, "Job", job.Kind)
	assert.Regexp(t, `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, job.Metadata.Name)
	s := job.Spec
	assert.Equal(t, "Indexed", s.CompletionMode)
	require.NotNil(t, s.Completions)
	assert.Equal(t, 4, *s.Completions)
	require.NotNil(t, s.Parallelism)
	assert.Equal(t, 2, *s.Parallelism)
	require.NotNil(t, s.BackoffLimitPerIndex)
	assert.Equal(t, "Never", s.Template.Spec.RestartPolicy, "backoffLimitPerIndex needs restartPolicy Never")
	require.Len(t, s.Template.Spec.Containers, 1)
	c := s.Template.Spec.Containers[0]
	assert.Equal(t, "registry.example/distcheck:1", c.Image)
	assert.Equal(t, []string{"distcheck"}, c.Command)
	require.Len(t, c.VolumeMounts, 1)
	require.Len(t, s.Template.Spec.Volumes, 1)
	assert.Equal(t, c.VolumeMounts[0].Name, s.Template.Spec.Volumes[0].Name, "the mount names a volume")
	assert.Equal(t, dir, c.VolumeMounts[0].MountPath)
	require.NotNil(t, s.Template.Spec.Volumes[0].PersistentVolumeClaim)
	assert.Equal(t, "distcheck-results", s.Template.Spec.Volumes[0].PersistentVolumeClaim.ClaimName)

	for i := range *s.Completions {
		t.Setenv(k8sIndexVar, strconv.Itoa(i))
		code, out, errOut := cli(t, append(c.Args, "--quiet")...)
		require.Equal(t, exitOK, code, out+errOut)
	}
	code, rep := swarmJSON(t, "swarm", "merge", dir, "--json")
	assert.Equal(t, exitViolation, code)
	assert.Equal(t, 4, rep.Done)
	require.NotEmpty(t, rep.Findings)
	assert.Equal(t, "TCConsistent", rep.Findings[0].Property)
}

// The sbatch script is an array of one task per shard whose command, run with
// SLURM_ARRAY_TASK_ID set as Slurm sets it, completes the swarm. (.ci/slurm.sh runs it on a
// real Slurm.)
func TestSbatchScriptRunsTheSwarm(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, append([]string{"swarm", "sbatch"}, append(twophase4, "--dir", dir, "--binary", "/opt/distcheck")...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.True(t, strings.HasPrefix(out, "#!/bin/bash\n"))
	assert.Contains(t, out, "\n#SBATCH --array=0-3\n")
	assert.Contains(t, out, "\n#SBATCH --output="+dir+"/slurm-%A_%a.out\n")
	exec := regexp.MustCompile(`(?m)^exec /opt/distcheck (.*)$`).FindStringSubmatch(out)
	require.NotNil(t, exec, out)
	args := strings.Fields(exec[1])
	for i := range 4 {
		t.Setenv(slurmIndexVar, strconv.Itoa(i))
		var stdout, stderr bytes.Buffer
		require.Equal(t, exitOK, run(append(args, "--quiet"), &stdout, &stderr), stdout.String()+stderr.String())
	}
	code, rep := swarmJSON(t, "swarm", "merge", dir, "--json")
	assert.Equal(t, exitViolation, code)
	assert.Empty(t, rep.Missing)
	require.NotEmpty(t, rep.Findings)
}
