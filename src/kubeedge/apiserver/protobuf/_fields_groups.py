"""Field numbers of the meta/v1, apps/v1, autoscaling/v1, coordination/v1 and apiextensions/v1 messages.

Syntax in ``fields.py``. meta, apps, autoscaling and coordination come from the struct tags and
field types of the Go structs (k8s.io/api and apimachinery v0.33, read from the type metadata of
the kubectl 1.33 binary). apiextensions/v1 comes from its ``generated.proto`` for numbers and from
``types.go``/``types_jsonschema.go`` (v1, with v0.24 type metadata as a cross-check) for the marks.
The special messages (Time, MicroTime, Quantity, IntOrString, RawExtension, FieldsV1, JSON and the
JSONSchemaPropsOr* unions) have no table: the decoder knows their shape.
"""

from __future__ import annotations

__all__ = ["TABLES"]

META_V1 = """
Condition: 1 !type, 2 !status, 3 observedGeneration, 4 lastTransitionTime, 5 !reason, 6 !message
DeleteOptions: 1 *gracePeriodSeconds, 2 preconditions, 3 *orphanDependents, 4 *propagationPolicy, 5 dryRun,
    6 *ignoreStoreReadErrorWithClusterBreakingPotential
LabelSelector: 1 matchLabels, 2 matchExpressions
LabelSelectorRequirement: 1 !key, 2 !operator, 3 values
ListMeta: 1 selfLink, 2 resourceVersion, 3 continue, 4 *remainingItemCount
ManagedFieldsEntry: 1 manager, 2 operation, 3 apiVersion, 4 time, 6 fieldsType, 7 fieldsV1, 8 subresource
ObjectMeta: 1 name, 2 generateName, 3 namespace, 4 selfLink, 5 uid, 6 resourceVersion, 7 generation,
    8 creationTimestamp, 9 deletionTimestamp, 10 *deletionGracePeriodSeconds, 11 labels, 12 annotations,
    13 ownerReferences, 14 finalizers, 17 managedFields
OwnerReference: 5 !apiVersion, 1 !kind, 3 !name, 4 !uid, 6 *controller, 7 *blockOwnerDeletion
Preconditions: 1 *uid, 2 *resourceVersion
Status: 1 metadata, 2 status, 3 message, 4 reason, 5 details, 6 code
StatusCause: 1 reason, 2 message, 3 field
StatusDetails: 1 name, 2 group, 3 kind, 6 uid, 4 causes, 5 retryAfterSeconds
WatchEvent: 1 !type, 2 object
"""

APPS_V1 = """
ControllerRevision: 1 metadata, 2 data, 3 !revision
ControllerRevisionList: 1 metadata, 2 items
DaemonSet: 1 metadata, 2 spec, 3 status
DaemonSetCondition: 1 !type, 2 !status, 3 lastTransitionTime, 4 reason, 5 message
DaemonSetList: 1 metadata, 2 items
DaemonSetSpec: 1 selector, 2 template, 3 updateStrategy, 4 minReadySeconds, 6 *revisionHistoryLimit
DaemonSetStatus: 1 !currentNumberScheduled, 2 !numberMisscheduled, 3 !desiredNumberScheduled, 4 !numberReady,
    5 observedGeneration, 6 updatedNumberScheduled, 7 numberAvailable, 8 numberUnavailable, 9 *collisionCount,
    10 conditions
DaemonSetUpdateStrategy: 1 type, 2 rollingUpdate
Deployment: 1 metadata, 2 spec, 3 status
DeploymentCondition: 1 !type, 2 !status, 6 lastUpdateTime, 7 lastTransitionTime, 4 reason, 5 message
DeploymentList: 1 metadata, 2 items
DeploymentSpec: 1 *replicas, 2 selector, 3 template, 4 strategy, 5 minReadySeconds, 6 *revisionHistoryLimit,
    7 paused, 9 *progressDeadlineSeconds
DeploymentStatus: 1 observedGeneration, 2 replicas, 3 updatedReplicas, 7 readyReplicas, 4 availableReplicas,
    5 unavailableReplicas, 9 *terminatingReplicas, 6 conditions, 8 *collisionCount
DeploymentStrategy: 1 type, 2 rollingUpdate
ReplicaSet: 1 metadata, 2 spec, 3 status
ReplicaSetCondition: 1 !type, 2 !status, 3 lastTransitionTime, 4 reason, 5 message
ReplicaSetList: 1 metadata, 2 items
ReplicaSetSpec: 1 *replicas, 4 minReadySeconds, 2 selector, 3 template
ReplicaSetStatus: 1 !replicas, 2 fullyLabeledReplicas, 4 readyReplicas, 5 availableReplicas,
    7 *terminatingReplicas, 3 observedGeneration, 6 conditions
RollingUpdateDaemonSet: 1 maxUnavailable, 2 maxSurge
RollingUpdateDeployment: 1 maxUnavailable, 2 maxSurge
"""

AUTOSCALING_V1 = """
Scale: 1 metadata, 2 spec, 3 status
ScaleSpec: 1 replicas
ScaleStatus: 1 !replicas, 2 selector
"""

COORDINATION_V1 = """
Lease: 1 metadata, 2 spec
LeaseList: 1 metadata, 2 items
LeaseSpec: 1 *holderIdentity, 2 *leaseDurationSeconds, 3 acquireTime, 4 renewTime, 5 *leaseTransitions,
    6 *strategy, 7 *preferredHolder
"""

APIEXTENSIONS_V1 = """
CustomResourceColumnDefinition: 1 !name, 2 !type, 3 format, 4 description, 5 priority, 6 !jsonPath
CustomResourceConversion: 1 !strategy, 2 webhook
CustomResourceDefinition: 1 metadata, 2 spec, 3 status
CustomResourceDefinitionCondition: 1 !type, 2 !status, 3 lastTransitionTime, 4 reason, 5 message
CustomResourceDefinitionList: 1 metadata, 2 items
CustomResourceDefinitionNames: 1 !plural, 2 singular, 3 shortNames, 4 !kind, 5 listKind, 6 categories
CustomResourceDefinitionSpec: 1 !group, 3 names, 4 !scope, 7 versions, 9 conversion, 10 preserveUnknownFields
CustomResourceDefinitionStatus: 1 conditions, 2 acceptedNames, 3 storedVersions
CustomResourceDefinitionVersion: 1 !name, 2 !served, 3 !storage, 7 deprecated, 8 *deprecationWarning, 4 schema,
    5 subresources, 6 additionalPrinterColumns, 9 selectableFields
CustomResourceSubresourceScale: 1 !specReplicasPath, 2 !statusReplicasPath, 3 *labelSelectorPath
CustomResourceSubresourceStatus:
CustomResourceSubresources: 1 status, 2 scale
CustomResourceValidation: 1 openAPIV3Schema
ExternalDocumentation: 1 description, 2 url
JSONSchemaProps: 1 id, 2 $schema, 3 *$ref, 4 description, 5 type, 6 format, 7 title, 8 default, 9 *maximum,
    10 exclusiveMaximum, 11 *minimum, 12 exclusiveMinimum, 13 *maxLength, 14 *minLength, 15 pattern,
    16 *maxItems, 17 *minItems, 18 uniqueItems, 19 *multipleOf, 20 enum, 21 *maxProperties, 22 *minProperties,
    23 required, 24 items, 25 allOf, 26 oneOf, 27 anyOf, 28 not, 29 properties, 30 additionalProperties,
    31 patternProperties, 32 dependencies, 33 additionalItems, 34 definitions, 35 externalDocs, 36 example,
    37 nullable, 38 *x-kubernetes-preserve-unknown-fields, 39 x-kubernetes-embedded-resource,
    40 x-kubernetes-int-or-string, 41 x-kubernetes-list-map-keys, 42 *x-kubernetes-list-type,
    43 *x-kubernetes-map-type, 44 x-kubernetes-validations
SelectableField: 1 !jsonPath
ServiceReference: 1 !namespace, 2 !name, 3 *path, 4 *port
ValidationRule: 1 !rule, 2 message, 3 messageExpression, 4 *reason, 5 fieldPath, 6 *optionalOldSelf
WebhookClientConfig: 3 *url, 1 service, 2 caBundle
WebhookConversion: 2 clientConfig, 3 conversionReviewVersions
"""

AUTHORIZATION_V1 = """
SelfSubjectAccessReview: 1 metadata, 2 spec, 3 status
SelfSubjectAccessReviewSpec: 1 resourceAttributes, 2 nonResourceAttributes
ResourceAttributes: 1 namespace, 2 verb, 3 group, 4 version, 5 resource, 6 subresource, 7 name,
    8 fieldSelector, 9 labelSelector
NonResourceAttributes: 1 path, 2 verb
FieldSelectorAttributes: 1 rawSelector, 2 requirements
FieldSelectorRequirement: 1 !key, 2 !operator, 3 values
LabelSelectorAttributes: 1 rawSelector, 2 requirements
SubjectAccessReviewStatus: 1 !allowed, 4 denied, 2 reason, 3 evaluationError
"""

AUTHENTICATION_V1 = """
SelfSubjectReview: 1 metadata, 2 status
SelfSubjectReviewStatus: 1 userInfo
UserInfo: 1 username, 2 uid, 3 groups, 4 extra
"""

TABLES: tuple[tuple[str, str], ...] = (
    ("io.k8s.apimachinery.pkg.apis.meta.v1.", META_V1),
    ("io.k8s.api.apps.v1.", APPS_V1),
    ("io.k8s.api.autoscaling.v1.", AUTOSCALING_V1),
    ("io.k8s.api.coordination.v1.", COORDINATION_V1),
    ("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.", APIEXTENSIONS_V1),
    ("io.k8s.api.authorization.v1.", AUTHORIZATION_V1),
    ("io.k8s.api.authentication.v1.", AUTHENTICATION_V1),
)
