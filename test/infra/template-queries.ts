// Test-only queries over a synthesized template: find a function by its folder name and the
// IAM statements attached to its execution role.
import type { Template } from 'aws-cdk-lib/assertions';
import type { FunctionName } from '../../infra/props.js';

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}

interface PolicyStatement {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
}

const LOGICAL_ID_PREFIX: Record<FunctionName, string> = {
  'sync-api': 'FunctionsSyncApi',
  reconcile: 'FunctionsReconcile',
  'git-webhook': 'FunctionsGitWebhook',
};

function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The logical id and properties of one of the three functions. */
function findFunction(template: Template, name: FunctionName): [string, CfnResource] {
  const entries = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'));
  // Logical ids are the construct path plus an 8-character hash, e.g. FunctionsReconcileA7FC4E8E.
  const pattern = new RegExp(`^${LOGICAL_ID_PREFIX[name]}[0-9A-F]{8}$`);
  const found = entries.find(([id]) => pattern.test(id));
  if (found === undefined) throw new Error(`function ${name} not in template`);
  return found;
}

function environmentOf(template: Template, name: FunctionName): Record<string, unknown> {
  const [, fn] = findFunction(template, name);
  const env = fn.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
  return env?.Variables ?? {};
}

/** Every statement of every inline policy attached to the role with this logical id. */
function statementsOfRole(template: Template, roleId: string): PolicyStatement[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => {
      const roles = policy.Properties.Roles as Array<{ Ref?: string }>;
      return roles.some((role) => role.Ref === roleId);
    })
    .flatMap((policy) => {
      const doc = policy.Properties.PolicyDocument as { Statement: PolicyStatement[] };
      return doc.Statement;
    });
}

function roleIdOf(template: Template, name: FunctionName): string {
  const [, fn] = findFunction(template, name);
  const role = fn.Properties.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

function statementsOf(template: Template, name: FunctionName): PolicyStatement[] {
  return statementsOfRole(template, roleIdOf(template, name));
}

function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function resourcesOf(statement: PolicyStatement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** The resources of the `secretsmanager:GetSecretValue` statements, in a stable textual form. */
function secretResourcesOf(template: Template, name: FunctionName): string[] {
  return statementsOf(template, name)
    .filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')))
    .flatMap(resourcesOf)
    .map(arnText)
    .sort();
}

/** Renders `Fn::Join` ARNs with `<Ref>` placeholders so tests compare them as text. */
function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) return JSON.stringify(value);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      return ref === undefined ? JSON.stringify(part) : `<${ref}>`;
    })
    .join(join[0]);
}

export type { CfnResource, PolicyStatement };
export {
  actionsOf,
  arnText,
  environmentOf,
  findFunction,
  resourcesOf,
  resourcesOfType,
  roleIdOf,
  secretResourcesOf,
  statementsOf,
  statementsOfRole,
};
