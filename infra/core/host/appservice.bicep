// Linux web app for the chat app: system-assigned identity, HTTPS only, TLS 1.2+, no FTP or
// basic-auth publishing, health probe on /healthz, the CA bundle mounted at a path, and Easy Auth
// (Microsoft Entra ID) switched on when a client id is given.

@description('Name of the web app (also its default host name prefix).')
param name string

param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Linux App Service plan.')
param appServicePlanId string

@description('code: App Service builds requirements.txt on deploy (azd deploy, zip deploy). package: Run from package, dependencies vendored in the zip. container: run containerImage.')
@allowed([
  'code'
  'package'
  'container'
])
param hosting string = 'code'

@description('Image to run when hosting is "container", e.g. myregistry.azurecr.io/chat:1.0.')
param containerImage string = ''

@description('Python version of the built-in runtime for code and package hosting.')
param pythonVersion string = '3.11'

@description('App settings (environment variables of the app).')
@secure()
param appSettings object

@description('Path App Service probes; instances that fail it are taken out of rotation.')
param healthCheckPath string = '/healthz'

@description('Keep the app loaded between requests (not available on Free and Shared plans).')
param alwaysOn bool = true

@description('AzureFiles (read/write), AzureBlob (read-only) or None: how the CA bundle is mounted.')
@allowed([
  'AzureFiles'
  'AzureBlob'
  'None'
])
param certificateMountType string = 'AzureFiles'

@description('Storage account holding the CA bundle (when certificateMountType is not None).')
param certificateStorageAccountName string = ''

@description('Resource group of that storage account.')
param certificateStorageResourceGroupName string = resourceGroup().name

@description('File share (AzureFiles) or blob container (AzureBlob) mounted at certificateMountPath.')
param certificateShareName string = ''

@description('Where the CA bundle appears inside the app.')
param certificateMountPath string = '/certs'

@description('Client id of the Microsoft Entra app registration for Easy Auth; empty leaves Easy Auth off.')
param authClientId string = ''

@description('Tenant of that app registration.')
param authTenantId string = tenant().tenantId

@description('App setting that holds the app registration\'s client secret.')
param authClientSecretSettingName string = 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'

var mountCertificates = certificateMountType != 'None'

var isContainer = hosting == 'container'

resource certificateStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: certificateStorageAccountName
  scope: resourceGroup(certificateStorageResourceGroupName)
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  //checkov:skip=CKV_AZURE_222:The chat UI is meant to be reached by its users (Easy Auth guards it); add access restrictions or a private endpoint where the network design asks for it.
  //checkov:skip=CKV_AZURE_17:Users sign in through Easy Auth (Microsoft Entra ID); browser client certificates are not part of the design.
  //checkov:skip=CKV_AZURE_212:Instance count is the plan's capacity (appServicePlanCapacity); one instance is the low-cost default, raise it for failover.
  name: name
  location: location
  tags: tags
  kind: isContainer ? 'app,linux,container' : 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: appServicePlanId
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    clientCertEnabled: false
    siteConfig: {
      linuxFxVersion: isContainer ? 'DOCKER|${containerImage}' : 'PYTHON|${pythonVersion}'
      appCommandLine: isContainer ? '' : 'bash scripts/appservice-startup.sh'
      // Pull from Azure Container Registry with the app's own identity (AcrPull), no admin user.
      acrUseManagedIdentityCreds: isContainer
      appSettings: [for setting in items(appSettings): {
        name: setting.key
        value: setting.value
      }]
      alwaysOn: alwaysOn
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: healthCheckPath
      remoteDebuggingEnabled: false
      webSocketsEnabled: false
      use32BitWorkerProcess: false
      httpLoggingEnabled: true
      detailedErrorLoggingEnabled: true
      requestTracingEnabled: true
      // The account key is read at deployment time and handed to App Service, which needs it to
      // mount the share or container; it never appears in app settings.
      azureStorageAccounts: mountCertificates ? {
        certs: {
          type: certificateMountType
          accountName: certificateStorageAccountName
          shareName: certificateShareName
          mountPath: certificateMountPath
          accessKey: certificateStorage.listKeys().keys[0].value
        }
      } : {}
    }
  }
}

// Console output of the app (container or built-in runtime) goes to the log stream
// (`az webapp log tail`) and to /home/LogFiles.
resource logs 'Microsoft.Web/sites/config@2023-12-01' = {
  // checkov reads every sites/config child as the "web" config; these checks are about siteConfig
  // properties that the site resource above sets, not about the logging config.
  //checkov:skip=CKV_AZURE_13:Not the auth config; Easy Auth is the authsettingsV2 resource below.
  //checkov:skip=CKV_AZURE_63:httpLoggingEnabled is set in the site's siteConfig.
  //checkov:skip=CKV_AZURE_65:detailedErrorLoggingEnabled is set in the site's siteConfig.
  //checkov:skip=CKV_AZURE_66:requestTracingEnabled is set in the site's siteConfig.
  //checkov:skip=CKV_AZURE_80:Not a .NET app (Python), and not the web config.
  //checkov:skip=CKV_AZURE_88:The Azure Files mount is in the site's siteConfig.azureStorageAccounts.
  //checkov:skip=CKV_AZURE_222:publicNetworkAccess is a site property (see the site resource).
  parent: site
  name: 'logs'
  properties: {
    applicationLogs: {
      fileSystem: {
        level: 'Information'
      }
    }
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
    detailedErrorMessages: {
      enabled: true
    }
    failedRequestsTracing: {
      enabled: true
    }
  }
}

// Deployments authenticate with Microsoft Entra ID (azd, az webapp deploy); no shared passwords.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Easy Auth: App Service signs users in and passes X-MS-CLIENT-PRINCIPAL-* headers to the app.
// Without a client id the auth settings are left as they are, so Easy Auth configured in the
// portal survives a re-provision.
module easyAuth 'easy-auth.bicep' = if (!empty(authClientId)) {
  name: '${name}-easy-auth'
  params: {
    siteName: site.name
    clientId: authClientId
    tenantId: authTenantId
    clientSecretSettingName: authClientSecretSettingName
  }
}

output id string = site.id
output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
output principalId string = site.identity.principalId
