/**
 * The CloudFormation resource specification (`@aws-cdk/aws-service-spec`), loaded once per process
 * (about half a second), and the few questions the checks ask of it: a resource type, a property's
 * type definition, an attribute's type, a resource's name property, a type described for a message.
 *
 * @example
 * ```ts
 * import { loadSpec, resourceSpec, attributeType } from './spec.ts';
 * const db = await loadSpec();
 * const stream = resourceSpec(db, 'AWS::Kinesis::Stream')!;
 * stream.arnTemplate; // 'arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}'
 * attributeType(db, stream, 'Arn'); // { type: 'string' }
 * ```
 * @module
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

export type { PropertyType, Resource, SpecDatabase, TypeDefinition };

let cached: Promise<SpecDatabase> | undefined;

/** The specification database, loaded on first call and shared afterwards. */
export function loadSpec(): Promise<SpecDatabase> {
  cached ??= loadAwsServiceSpec();
  return cached;
}

/** The resource type `AWS::Service::Thing`, or undefined when the specification has no such type. */
export function resourceSpec(db: SpecDatabase, cloudFormationType: string): Resource | undefined {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', cloudFormationType);
  return found.length === 1 ? found[0] : undefined;
}

/** The type definition a `{ type: 'ref' }` property type points at. */
export function typeDefinition(db: SpecDatabase, type: PropertyType & { type: 'ref' }): TypeDefinition {
  return db.get('typeDefinition', type.reference);
}

/**
 * The type of attribute `name` of a resource: listed as is (`Arn`, `Endpoint.Address`), or reached
 * through the properties of a listed object attribute (`WarmThroughputObject.TargetMiBps`).
 */
export function attributeType(db: SpecDatabase, resource: Resource, name: string): PropertyType | undefined {
  const listed = resource.attributes[name];
  if (listed) return listed.type;
  const parts = name.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = resource.attributes[parts.slice(0, i).join('.')];
    if (!head) continue;
    let type: PropertyType | undefined = head.type;
    for (const part of parts.slice(i)) {
      if (type?.type !== 'ref') return undefined;
      type = typeDefinition(db, type).properties[part]?.type;
    }
    return type;
  }
  return undefined;
}

/**
 * The property that names a resource (its physical id when set): `FunctionName`, `BucketName`,
 * `DeliveryStreamName`, `RoleName`, `LogGroupName`, or plain `Name` (`AWS::Kinesis::Stream`).
 */
export function nameProperty(resource: Resource): string | undefined {
  const candidates = [`${resource.name}Name`, 'Name', ...(resource.primaryIdentifier ?? []).filter((p) => p.endsWith('Name'))];
  return candidates.find((p) => resource.properties[p]?.type.type === 'string');
}

/** The identifier `Ref` returns, per the specification (`cfnRefIdentifier`, else the primary identifier). */
export function refIdentifier(resource: Resource): string | undefined {
  const ids = resource.cfnRefIdentifier ?? resource.primaryIdentifier ?? [];
  return ids.length === 1 ? ids[0] : undefined;
}

/** A type in words, for messages: `integer`, `list of string`, `BufferingHints`, `one of ON_DEMAND, PROVISIONED`. */
export function describeType(db: SpecDatabase, type: PropertyType): string {
  switch (type.type) {
    case 'ref':
      return typeDefinition(db, type).name;
    case 'array':
      return `list of ${describeType(db, type.element)}`;
    case 'map':
      return `map of ${describeType(db, type.element)}`;
    case 'union':
      return type.types.map((t) => describeType(db, t)).join(' or ');
    case 'tag':
      return 'tag ({Key, Value})';
    case 'json':
      return 'JSON';
    default:
      return type.type;
  }
}
