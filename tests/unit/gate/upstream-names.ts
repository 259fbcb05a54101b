// The upstream Zuul names zuul.d/ and playbooks/ rely on, with where each is defined. Read from the upstream
// repositories (opendev.org/<repo>, the path and the commit read) when the jobs were written; a name that is not
// here and not defined in this repository fails tests/unit/gate/zuul-jobs.test.ts. When upstream renames or
// retires one (nodesets follow Ubuntu releases), update this table and the job together.

export type UpstreamKind = "job" | "nodeset" | "role" | "module";

export interface UpstreamName {
  kind: UpstreamKind;
  name: string;
  /** repository on opendev.org, and the file that defines it */
  repo: string;
  path: string;
  /** what we rely on it for */
  why: string;
}

export const UPSTREAM: readonly UpstreamName[] = [
  {
    kind: "job",
    name: "tempest-multinode-full-base",
    repo: "openstack/tempest",
    path: "zuul.d/base.yaml (tempest fa340b1f)",
    why: "parent: devstack-tempest with multinode localrc (no same-host moves); run/post-run playbooks we replace/extend",
  },
  {
    kind: "nodeset",
    name: "openstack-two-node-noble",
    repo: "openstack/devstack",
    path: ".zuul.yaml (devstack 493835a6)",
    why: "controller + compute1; groups tempest, compute (both), subnode (compute1), switch, peers",
  },
  {
    kind: "role",
    name: "orchestrate-devstack",
    repo: "openstack/devstack",
    path: "roles/orchestrate-devstack (devstack 493835a6)",
    why: "stacks the controller, copies the build key to stack on every node, syncs Ceph, stacks subnodes, discovers",
  },
  {
    kind: "role",
    name: "process-stackviz",
    repo: "openstack/devstack",
    path: "roles/process-stackviz (devstack 493835a6)",
    why: "reads {{ zuul_work_dir }}/testrepository.subunit, writes {{ stage_dir }}/stackviz",
  },
  {
    kind: "role",
    name: "ensure-nodejs",
    repo: "zuul/zuul-jobs",
    path: "roles/ensure-nodejs, variable node_version (not readable from this sandbox: the stored zuul-jobs snapshot is from 2019, when the role was install-nodejs with the same variable)",
    why: "installs Node.js on the tempest node before devstack runs the plugin's install phase",
  },
  {
    kind: "module",
    name: "zuul_return",
    repo: "zuul/zuul",
    path: "zuul/ansible/base/library/zuul_return.py (built into every Zuul executor)",
    why: "publishes the testr_results.html / summary.md artifacts on the build page",
  },
];

export const upstreamNames = (kind: UpstreamKind): Set<string> =>
  new Set(UPSTREAM.filter((u) => u.kind === kind).map((u) => u.name));
