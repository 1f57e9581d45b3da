// Storage account that holds the enterprise CA bundle: an Azure Files share (mounted read/write)
// and a blob container (mounted read-only, or read by URL with the app's identity). Both are
// created; the deployment uses the one its certificate source names.
// Hardened: HTTPS and TLS 1.2 only, no anonymous blob access, soft delete for files and blobs.

param name string
param location string = resourceGroup().location
param tags object = {}

@description('File share for the CA bundle.')
param shareName string = 'certs'

@description('Blob container for the CA bundle.')
param containerName string = 'certs'

@description('App Service storage mounts authenticate with the account key; turn keys off only when nothing mounts this account (the bundle is read by URL with Microsoft Entra ID).')
param allowSharedKeyAccess bool = true

@description('LRS keeps three copies in one datacenter; ZRS spreads them across zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  //checkov:skip=CKV_AZURE_35:App Service mounts the share over the account's public endpoint unless the app is VNet-integrated; a deny-by-default firewall would break the mount. Access needs the account key (mounts) or an Entra ID role (BlobUrl).
  //checkov:skip=CKV_AZURE_59:Same reason: without VNet integration the web app reaches the account over its public endpoint. Anonymous blob access is off (allowBlobPublicAccess false).
  //checkov:skip=CKV_AZURE_206:The bundle is a few kilobytes, re-uploadable from the enterprise PKI, and only useful in the app's own region; skuName accepts GRS/GZRS where wanted.
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource fileServices 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    shareDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: fileServices
  name: shareName
  properties: {
    enabledProtocols: 'SMB'
    // A CA bundle is kilobytes; 1 GiB is the smallest quota.
    shareQuota: 1
  }
}

resource blobServices 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    // Lets the app notice a replaced bundle by its version and roll back a bad upload.
    isVersioningEnabled: true
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobServices
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
