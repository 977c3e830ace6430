"""core/v1 Volume and every VolumeSource, the projections of a projected volume, and the
PersistentVolumeClaim template of an ephemeral volume.

A Volume is its name plus exactly one source; PodSpec.volumes merges by name with
``merge,retainKeys``, so replacing one source by another in a strategic merge patch drops the old one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    CORE,
    array,
    boolean,
    core,
    enum,
    int32,
    int64,
    meta,
    obj,
    quantity,
    quantity_map,
    string,
    string_map,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

DEFINITIONS: dict[str, Schema] = {
    CORE + "AWSElasticBlockStoreVolumeSource": obj(
        "Represents a Persistent Disk resource in AWS.",
        {
            "fsType": string(),
            "partition": int32(),
            "readOnly": boolean(),
            "volumeID": string(),
        },
        required=["volumeID"],
    ),
    CORE + "AzureDiskVolumeSource": obj(
        "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.",
        {
            "cachingMode": enum("None", "ReadOnly", "ReadWrite"),
            "diskName": string(),
            "diskURI": string(),
            "fsType": string(),
            "kind": enum("Dedicated", "Managed", "Shared"),
            "readOnly": boolean(),
        },
        required=["diskName", "diskURI"],
    ),
    CORE + "AzureFileVolumeSource": obj(
        "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.",
        {
            "readOnly": boolean(),
            "secretName": string(),
            "shareName": string(),
        },
        required=["secretName", "shareName"],
    ),
    CORE + "CSIVolumeSource": obj(
        "A volume managed by an external CSI driver.",
        {
            "driver": string(),
            "fsType": string(),
            "nodePublishSecretRef": core("LocalObjectReference"),
            "readOnly": boolean(),
            "volumeAttributes": string_map(),
        },
        required=["driver"],
    ),
    CORE + "CephFSVolumeSource": obj(
        "A Ceph filesystem mount that lasts the lifetime of a pod.",
        {
            "monitors": array(string(), list_type="atomic"),
            "path": string(),
            "readOnly": boolean(),
            "secretFile": string(),
            "secretRef": core("LocalObjectReference"),
            "user": string(),
        },
        required=["monitors"],
    ),
    CORE + "CinderVolumeSource": obj(
        "Represents a cinder volume resource in Openstack.",
        {
            "fsType": string(),
            "readOnly": boolean(),
            "secretRef": core("LocalObjectReference"),
            "volumeID": string(),
        },
        required=["volumeID"],
    ),
    CORE + "ClusterTrustBundleProjection": obj(
        "Projects the contents of selected ClusterTrustBundles into the pod filesystem.",
        {
            "labelSelector": meta("LabelSelector"),
            "name": string(),
            "optional": boolean(),
            "path": string(),
            "signerName": string(),
            "user": int64(),
        },
        required=["path"],
    ),
    CORE + "ConfigMapProjection": obj(
        "Adapts a ConfigMap into a projected volume.",
        {
            "items": array(core("KeyToPath"), list_type="atomic"),
            "name": string(),
            "optional": boolean(),
        },
    ),
    CORE + "ConfigMapVolumeSource": obj(
        "Adapts a ConfigMap into a volume.",
        {
            "defaultMode": int32(),
            "defaultUser": int64(),
            "items": array(core("KeyToPath"), list_type="atomic"),
            "name": string(),
            "optional": boolean(),
        },
    ),
    CORE + "DownwardAPIProjection": obj(
        "Represents downward API info for projecting into a projected volume.",
        {
            "items": array(core("DownwardAPIVolumeFile"), list_type="atomic"),
        },
    ),
    CORE + "DownwardAPIVolumeFile": obj(
        "A file holding a pod field, created in a downward API volume.",
        {
            "fieldRef": core("ObjectFieldSelector"),
            "mode": int32(),
            "path": string(),
            "resourceFieldRef": core("ResourceFieldSelector"),
            "user": int64(),
        },
        required=["path"],
    ),
    CORE + "DownwardAPIVolumeSource": obj(
        "DownwardAPIVolumeSource represents a volume containing downward API info.",
        {
            "defaultMode": int32(),
            "defaultUser": int64(),
            "items": array(core("DownwardAPIVolumeFile"), list_type="atomic"),
        },
    ),
    CORE + "EmptyDirVolumeSource": obj(
        "Represents an empty directory for a pod.",
        {
            "medium": string(),
            "mode": int32(),
            "sizeLimit": quantity(),
        },
    ),
    CORE + "EphemeralVolumeSource": obj(
        "Represents an ephemeral volume that is handled by a normal storage driver.",
        {
            "volumeClaimTemplate": core("PersistentVolumeClaimTemplate"),
        },
    ),
    CORE + "FCVolumeSource": obj(
        "Represents a Fibre Channel volume.",
        {
            "fsType": string(),
            "lun": int32(),
            "readOnly": boolean(),
            "targetWWNs": array(string(), list_type="atomic"),
            "wwids": array(string(), list_type="atomic"),
        },
    ),
    CORE + "FlexVolumeSource": obj(
        "A generic volume provisioned/attached by an exec-based plugin.",
        {
            "driver": string(),
            "fsType": string(),
            "options": string_map(),
            "readOnly": boolean(),
            "secretRef": core("LocalObjectReference"),
        },
        required=["driver"],
    ),
    CORE + "FlockerVolumeSource": obj(
        "Represents a Flocker volume mounted by the Flocker agent.",
        {
            "datasetName": string(),
            "datasetUUID": string(),
        },
    ),
    CORE + "GCEPersistentDiskVolumeSource": obj(
        "Represents a Persistent Disk resource in Google Compute Engine.",
        {
            "fsType": string(),
            "partition": int32(),
            "pdName": string(),
            "readOnly": boolean(),
        },
        required=["pdName"],
    ),
    CORE + "GitRepoVolumeSource": obj(
        "Represents a volume that is populated with the contents of a git repository.",
        {
            "directory": string(),
            "repository": string(),
            "revision": string(),
        },
        required=["repository"],
    ),
    CORE + "GlusterfsVolumeSource": obj(
        "Represents a Glusterfs mount that lasts the lifetime of a pod.",
        {
            "endpoints": string(),
            "path": string(),
            "readOnly": boolean(),
        },
        required=["endpoints", "path"],
    ),
    CORE + "HostPathVolumeSource": obj(
        "Represents a host path mapped into a pod.",
        {
            "path": string(),
            "type": enum(
                "",
                "BlockDevice",
                "CharDevice",
                "Directory",
                "DirectoryOrCreate",
                "File",
                "FileOrCreate",
                "Socket",
            ),
        },
        required=["path"],
    ),
    CORE + "ISCSIVolumeSource": obj(
        "Represents an ISCSI disk.",
        {
            "chapAuthDiscovery": boolean(),
            "chapAuthSession": boolean(),
            "fsType": string(),
            "initiatorName": string(),
            "iqn": string(),
            "iscsiInterface": string(),
            "lun": int32(),
            "portals": array(string(), list_type="atomic"),
            "readOnly": boolean(),
            "secretRef": core("LocalObjectReference"),
            "targetPortal": string(),
        },
        required=["iqn", "lun", "targetPortal"],
    ),
    CORE + "ImageVolumeSource": obj(
        "ImageVolumeSource represents a image volume resource.",
        {
            "pullPolicy": enum("Always", "IfNotPresent", "Never"),
            "reference": string(),
        },
    ),
    CORE + "KeyToPath": obj(
        "Maps a string key to a path within a volume.",
        {
            "key": string(),
            "mode": int32(),
            "path": string(),
            "user": int64(),
        },
        required=["key", "path"],
    ),
    CORE + "NFSVolumeSource": obj(
        "Represents an NFS mount that lasts the lifetime of a pod.",
        {
            "path": string(),
            "readOnly": boolean(),
            "server": string(),
        },
        required=["path", "server"],
    ),
    CORE + "PersistentVolumeClaimSpec": obj(
        "The desired characteristics of a volume requested by a claim.",
        {
            "accessModes": array(
                enum("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"), list_type="atomic"
            ),
            "dataSource": core("TypedLocalObjectReference"),
            "dataSourceRef": core("TypedObjectReference"),
            "resources": core("VolumeResourceRequirements"),
            "selector": meta("LabelSelector"),
            "storageClassName": string(),
            "volumeAttributesClassName": string(),
            "volumeMode": enum("Block", "Filesystem"),
            "volumeName": string(),
        },
    ),
    CORE + "PersistentVolumeClaimTemplate": obj(
        "A template for the PersistentVolumeClaim of an ephemeral volume.",
        {
            "metadata": meta("ObjectMeta"),
            "spec": core("PersistentVolumeClaimSpec"),
        },
        required=["spec"],
    ),
    CORE + "PersistentVolumeClaimVolumeSource": obj(
        "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.",
        {
            "claimName": string(),
            "readOnly": boolean(),
        },
        required=["claimName"],
    ),
    CORE + "PhotonPersistentDiskVolumeSource": obj(
        "Represents a Photon Controller persistent disk resource.",
        {
            "fsType": string(),
            "pdID": string(),
        },
        required=["pdID"],
    ),
    CORE + "PodCertificateProjection": obj(
        "Projects a private key and X.509 certificate into the pod filesystem.",
        {
            "certificateChainPath": string(),
            "credentialBundlePath": string(),
            "keyPath": string(),
            "keyType": string(),
            "maxExpirationSeconds": int32(),
            "signerName": string(),
            "user": int64(),
            "userAnnotations": string_map(),
        },
        required=["keyType", "signerName"],
    ),
    CORE + "PortworxVolumeSource": obj(
        "PortworxVolumeSource represents a Portworx volume resource.",
        {
            "fsType": string(),
            "readOnly": boolean(),
            "volumeID": string(),
        },
        required=["volumeID"],
    ),
    CORE + "ProjectedVolumeSource": obj(
        "A projected volume source.",
        {
            "defaultMode": int32(),
            "defaultUser": int64(),
            "sources": array(core("VolumeProjection"), list_type="atomic"),
        },
    ),
    CORE + "QuobyteVolumeSource": obj(
        "Represents a Quobyte mount that lasts the lifetime of a pod.",
        {
            "group": string(),
            "readOnly": boolean(),
            "registry": string(),
            "tenant": string(),
            "user": string(),
            "volume": string(),
        },
        required=["registry", "volume"],
    ),
    CORE + "RBDVolumeSource": obj(
        "Represents a Rados Block Device mount that lasts the lifetime of a pod.",
        {
            "fsType": string(),
            "image": string(),
            "keyring": string(),
            "monitors": array(string(), list_type="atomic"),
            "pool": string(),
            "readOnly": boolean(),
            "secretRef": core("LocalObjectReference"),
            "user": string(),
        },
        required=["image", "monitors"],
    ),
    CORE + "ScaleIOVolumeSource": obj(
        "A persistent ScaleIO volume.",
        {
            "fsType": string(),
            "gateway": string(),
            "protectionDomain": string(),
            "readOnly": boolean(),
            "secretRef": core("LocalObjectReference"),
            "sslEnabled": boolean(),
            "storageMode": string(),
            "storagePool": string(),
            "system": string(),
            "volumeName": string(),
        },
        required=["gateway", "secretRef", "system"],
    ),
    CORE + "SecretProjection": obj(
        "Adapts a secret into a projected volume.",
        {
            "items": array(core("KeyToPath"), list_type="atomic"),
            "name": string(),
            "optional": boolean(),
        },
    ),
    CORE + "SecretVolumeSource": obj(
        "Adapts a Secret into a volume.",
        {
            "defaultMode": int32(),
            "defaultUser": int64(),
            "items": array(core("KeyToPath"), list_type="atomic"),
            "optional": boolean(),
            "secretName": string(),
        },
    ),
    CORE + "ServiceAccountTokenProjection": obj(
        "ServiceAccountTokenProjection represents a projected service account token volume.",
        {
            "audience": string(),
            "expirationSeconds": int64(),
            "path": string(),
            "user": int64(),
        },
        required=["path"],
    ),
    CORE + "StorageOSVolumeSource": obj(
        "Represents a StorageOS persistent volume resource.",
        {
            "fsType": string(),
            "readOnly": boolean(),
            "secretRef": core("LocalObjectReference"),
            "volumeName": string(),
            "volumeNamespace": string(),
        },
    ),
    CORE + "TypedLocalObjectReference": obj(
        "A reference to a typed object in the same namespace.",
        {
            "apiGroup": string(),
            "kind": string(),
            "name": string(),
        },
        required=["kind", "name"],
        map_type="atomic",
    ),
    CORE + "TypedObjectReference": obj(
        "A reference to a typed object, possibly in another namespace.",
        {
            "apiGroup": string(),
            "kind": string(),
            "name": string(),
            "namespace": string(),
        },
        required=["kind", "name"],
    ),
    CORE + "Volume": obj(
        "A named volume in a pod that any container in the pod may mount.",
        {
            "awsElasticBlockStore": core("AWSElasticBlockStoreVolumeSource"),
            "azureDisk": core("AzureDiskVolumeSource"),
            "azureFile": core("AzureFileVolumeSource"),
            "cephfs": core("CephFSVolumeSource"),
            "cinder": core("CinderVolumeSource"),
            "configMap": core("ConfigMapVolumeSource"),
            "csi": core("CSIVolumeSource"),
            "downwardAPI": core("DownwardAPIVolumeSource"),
            "emptyDir": core("EmptyDirVolumeSource"),
            "ephemeral": core("EphemeralVolumeSource"),
            "fc": core("FCVolumeSource"),
            "flexVolume": core("FlexVolumeSource"),
            "flocker": core("FlockerVolumeSource"),
            "gcePersistentDisk": core("GCEPersistentDiskVolumeSource"),
            "gitRepo": core("GitRepoVolumeSource"),
            "glusterfs": core("GlusterfsVolumeSource"),
            "hostPath": core("HostPathVolumeSource"),
            "image": core("ImageVolumeSource"),
            "iscsi": core("ISCSIVolumeSource"),
            "name": string(),
            "nfs": core("NFSVolumeSource"),
            "persistentVolumeClaim": core("PersistentVolumeClaimVolumeSource"),
            "photonPersistentDisk": core("PhotonPersistentDiskVolumeSource"),
            "portworxVolume": core("PortworxVolumeSource"),
            "projected": core("ProjectedVolumeSource"),
            "quobyte": core("QuobyteVolumeSource"),
            "rbd": core("RBDVolumeSource"),
            "scaleIO": core("ScaleIOVolumeSource"),
            "secret": core("SecretVolumeSource"),
            "storageos": core("StorageOSVolumeSource"),
            "vsphereVolume": core("VsphereVirtualDiskVolumeSource"),
        },
        required=["name"],
    ),
    CORE + "VolumeProjection": obj(
        "Projection that may be projected along with other supported volume types.",
        {
            "clusterTrustBundle": core("ClusterTrustBundleProjection"),
            "configMap": core("ConfigMapProjection"),
            "downwardAPI": core("DownwardAPIProjection"),
            "podCertificate": core("PodCertificateProjection"),
            "secret": core("SecretProjection"),
            "serviceAccountToken": core("ServiceAccountTokenProjection"),
        },
    ),
    CORE + "VolumeResourceRequirements": obj(
        "VolumeResourceRequirements describes the storage resource requirements for a volume.",
        {
            "limits": quantity_map(),
            "requests": quantity_map(),
        },
    ),
    CORE + "VsphereVirtualDiskVolumeSource": obj(
        "Represents a vSphere volume resource.",
        {
            "fsType": string(),
            "storagePolicyID": string(),
            "storagePolicyName": string(),
            "volumePath": string(),
        },
        required=["volumePath"],
    ),
}
