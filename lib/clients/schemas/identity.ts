// Keystone v3 bodies (loose).
import { type Static, Type } from "@sinclair/typebox";
import { Loose, NullableString } from "./common.js";

const ProjectBody = Loose({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  enabled: Type.Optional(Type.Boolean()),
});
const UserBody = Loose({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  enabled: Type.Optional(Type.Boolean()),
});
const RoleBody = Loose({ id: Type.String(), name: Type.String(), domain_id: Type.Optional(NullableString) });
const DomainBody = Loose({ id: Type.String(), name: Type.String(), enabled: Type.Optional(Type.Boolean()) });
const RoleAssignmentBody = Loose({
  role: Loose({ id: Type.String(), name: Type.Optional(Type.String()) }),
  user: Type.Optional(Loose({ id: Type.String() })),
  group: Type.Optional(Loose({ id: Type.String() })),
  scope: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export type Project = Static<typeof ProjectBody>;
export type User = Static<typeof UserBody>;
export type Role = Static<typeof RoleBody>;
export type Domain = Static<typeof DomainBody>;
export type RoleAssignment = Static<typeof RoleAssignmentBody>;

export const ProjectResponse = Loose({ project: ProjectBody });
export const ListProjectsResponse = Loose({ projects: Type.Array(ProjectBody) });
export const UserResponse = Loose({ user: UserBody });
export const ListUsersResponse = Loose({ users: Type.Array(UserBody) });
export const ListRolesResponse = Loose({ roles: Type.Array(RoleBody) });
export const ListDomainsResponse = Loose({ domains: Type.Array(DomainBody) });
export const ListRoleAssignmentsResponse = Loose({ role_assignments: Type.Array(RoleAssignmentBody) });
