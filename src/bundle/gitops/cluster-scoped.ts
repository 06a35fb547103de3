// The built-in kinds that live outside namespaces (kubectl api-resources --namespaced=false):
// kustomize's namespace transformer and Flux's targetNamespace leave them without one. A custom
// kind is taken as namespaced, as both do without its CRD's scope.
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'VolumeSnapshotClass',
]);
