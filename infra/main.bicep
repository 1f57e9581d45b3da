// The chat app on Azure App Service, with everything it talks to: Azure OpenAI, Cosmos DB for
// chat history, and a storage account that carries the enterprise CA bundle to /certs.
// Deployed by `azd up` (parameters in main.parameters.json) or `az deployment sub create`.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd environment name); names and tags derive from it.')
param environmentName string

@minLength(1)
@description('Azure region for every resource created here.')
param location string

@description('Resource group to create or reuse; empty means rg-<environmentName>.')
param resourceGroupName string = ''

// ---------------------------------------------------------------------------------------------
// Web app
// ---------------------------------------------------------------------------------------------

@description('code: App Service installs requirements.txt on deploy (azd deploy, zip deploy). package: Run from package with vendored dependencies (scripts/build-appservice-package.sh). container: run containerImage.')
@allowed([
  'code'
  'package'
  'container'
])
param appHosting string = 'code'

@description('Image for appHosting "container", e.g. myregistry.azurecr.io/chat:1.0.')
param containerImage string = ''

@description('Azure Container Registry holding containerImage; when set, the web app\'s identity gets AcrPull on it.')
param containerRegistryName string = ''

@description('Resource group of that registry; empty means the app\'s resource group.')
param containerRegistryResourceGroupName string = ''

@description('App Service plan tier.')
param appServicePlanSku string = 'P0v3'

@description('Number of web app instances.')
@minValue(1)
param appServicePlanCapacity int = 1

@description('Require sign-in: the app reads the signed-in user from Easy Auth headers. Leave on for any deployment people reach.')
param authEnabled bool = true

@description('Client id of a Microsoft Entra app registration; when set, Easy Auth is configured with it.')
param authClientId string = ''

@description('Client secret of that app registration (stored as the MICROSOFT_PROVIDER_AUTHENTICATION_SECRET app setting).')
@secure()
param authClientSecret string = ''

@description('Tenant of that app registration; empty means the deployment\'s tenant.')
param authTenantId string = ''

@description('Title shown in the chat UI (UI_TITLE); empty keeps the app\'s default.')
param uiTitle string = ''

@description('More app settings, e.g. AZURE_OPENAI_SYSTEM_MESSAGE or a data source\'s AZURE_SEARCH_*; they win over the ones computed here.')
param extraAppSettings object = {}

// ---------------------------------------------------------------------------------------------
// Azure OpenAI
// ---------------------------------------------------------------------------------------------

@description('Name of an existing Azure OpenAI account to use; empty creates one.')
param openAiResourceName string = ''

@description('Resource group of that existing account; empty means the app\'s resource group.')
param openAiResourceGroupName string = ''

@description('Region for a new Azure OpenAI account; empty means location. Pick one that offers the model.')
param openAiLocation string = ''

@description('Deployment name the app calls (AZURE_OPENAI_MODEL); for an existing account, an existing deployment.')
param openAiDeploymentName string = 'gpt-4o'

@description('Model of a new deployment.')
param openAiModelName string = 'gpt-4o'

@description('Model version of a new deployment.')
param openAiModelVersion string = '2024-11-20'

@description('Deployment type of a new deployment.')
param openAiDeploymentSkuName string = 'GlobalStandard'

@description('Capacity of a new deployment, in thousands of tokens per minute.')
@minValue(1)
param openAiDeploymentCapacity int = 30

// ---------------------------------------------------------------------------------------------
// Chat history
// ---------------------------------------------------------------------------------------------

@description('cosmos: history in a new Cosmos DB (NoSQL) account, shared by all instances. none: no history.')
@allowed([
  'cosmos'
  'none'
])
param chatHistoryStore string = 'cosmos'

param cosmosDatabaseName string = 'db_conversation_history'
param cosmosContainerName string = 'conversations'

@description('Let users rate answers (AZURE_COSMOSDB_ENABLE_FEEDBACK).')
param enableFeedback bool = false

// ---------------------------------------------------------------------------------------------
// Enterprise CA bundle
// ---------------------------------------------------------------------------------------------

@description('AzureFilesMount: file share mounted read/write at /certs. AzureBlobMount: blob container mounted read-only at /certs. BlobUrl: no mount; the app reads the blob with its identity. None: no certificate storage (public roots only, or bring your own SSL_CERT_FILE/SSL_CERT_DIR via extraAppSettings).')
@allowed([
  'AzureFilesMount'
  'AzureBlobMount'
  'BlobUrl'
  'None'
])
param certificateSource string = 'AzureFilesMount'

@description('Existing storage account for the CA bundle; empty creates one. Its share or container must already exist.')
param existingStorageAccountName string = ''

@description('Resource group of that existing storage account; empty means the app\'s resource group.')
param existingStorageAccountResourceGroupName string = ''

@description('File share holding the bundle (AzureFilesMount).')
param certificateShareName string = 'certs'

@description('Blob container holding the bundle (AzureBlobMount, BlobUrl).')
param certificateContainerName string = 'certs'

@description('File name of the PEM bundle inside the share or container.')
param certificateBundleFileName string = 'ca_root_certs.pem'

@description('strict: refuse to start when the configured bundle is missing or invalid. lenient: start with the public roots and report the problem.')
@allowed([
  'strict'
  'lenient'
])
param trustMode string = 'strict'

@description('Trust only the enterprise bundle instead of the public roots plus the bundle.')
param trustEnterpriseOnly bool = false

@description('How long the app waits at startup for the mounted bundle to appear.')
@minValue(0)
param trustMountWaitSeconds int = 60

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var rgName = !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
var webAppName = 'app-${resourceToken}'
var cosmosAccountName = 'cosmos-${resourceToken}'

var createOpenAi = empty(openAiResourceName)
var openAiAccountName = createOpenAi ? 'oai-${resourceToken}' : openAiResourceName
var openAiRgName = !empty(openAiResourceGroupName) ? openAiResourceGroupName : rgName

var useCosmos = chatHistoryStore == 'cosmos'

var certificateMountPath = '/certs'
var useCertificateStorage = certificateSource != 'None'
var mountType = certificateSource == 'AzureFilesMount' ? 'AzureFiles' : (certificateSource == 'AzureBlobMount' ? 'AzureBlob' : 'None')
var needsBlobContainer = certificateSource == 'AzureBlobMount' || certificateSource == 'BlobUrl'
var createStorage = useCertificateStorage && empty(existingStorageAccountName)
var storageAccountName = createStorage ? 'stcerts${resourceToken}' : existingStorageAccountName
var storageRgName = !empty(existingStorageAccountResourceGroupName) ? existingStorageAccountResourceGroupName : rgName

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: rgName
  location: location
  tags: tags
}

module plan 'core/host/appservice-plan.bicep' = {
  name: 'appservice-plan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    location: location
    tags: tags
    skuName: appServicePlanSku
    capacity: appServicePlanCapacity
  }
}

module openAi 'core/ai/openai.bicep' = if (createOpenAi) {
  name: 'openai'
  scope: rg
  params: {
    name: openAiAccountName
    location: !empty(openAiLocation) ? openAiLocation : location
    tags: tags
    deploymentName: openAiDeploymentName
    modelName: openAiModelName
    modelVersion: openAiModelVersion
    deploymentSkuName: openAiDeploymentSkuName
    deploymentCapacity: openAiDeploymentCapacity
  }
}

resource existingOpenAi 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAiAccountName
  scope: resourceGroup(openAiRgName)
}

module cosmos 'core/database/cosmos-nosql.bicep' = if (useCosmos) {
  name: 'cosmos'
  scope: rg
  params: {
    accountName: cosmosAccountName
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
  }
}

module certificateStorage 'core/storage/certificate-storage.bicep' = if (createStorage) {
  name: 'certificate-storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    shareName: certificateShareName
    containerName: certificateContainerName
    // Mounts authenticate with the account key; reading by URL uses the app's identity instead.
    allowSharedKeyAccess: certificateSource != 'BlobUrl'
  }
}

// ---------------------------------------------------------------------------------------------
// App settings: every setting the deployment gives the app, in one place. The README's
// "App settings" table documents each name.
// ---------------------------------------------------------------------------------------------

var openAiEndpoint = createOpenAi ? openAi.outputs.endpoint : existingOpenAi.properties.endpoint

var bundleBlobUrl = 'https://${storageAccountName}.blob.${environment().suffixes.storage}/${certificateContainerName}/${certificateBundleFileName}'

// Only the endpoint: the app refuses AZURE_OPENAI_RESOURCE beside an endpoint it does not
// spell out, and the account's own endpoint is right in every cloud.
var openAiSettings = {
  AZURE_OPENAI_ENDPOINT: openAiEndpoint
  AZURE_OPENAI_MODEL: openAiDeploymentName
  AZURE_OPENAI_STREAM: 'true'
}

var cosmosSettings = useCosmos ? {
  AZURE_COSMOSDB_ACCOUNT: cosmosAccountName
  AZURE_COSMOSDB_DATABASE: cosmosDatabaseName
  AZURE_COSMOSDB_CONVERSATIONS_CONTAINER: cosmosContainerName
  AZURE_COSMOSDB_ENABLE_FEEDBACK: enableFeedback ? 'true' : 'false'
} : {}

var historySettings = union({
  CHAT_HISTORY_STORE: chatHistoryStore
}, cosmosSettings)

var mountedBundleSettings = mountType != 'None' ? {
  SSL_CERT_FILE: '${certificateMountPath}/${certificateBundleFileName}'
} : {}

var blobBundleSettings = certificateSource == 'BlobUrl' ? {
  TRUST_BUNDLE_BLOB_URL: bundleBlobUrl
} : {}

var trustSettings = union({
  TRUST_MODE: trustMode
  TRUST_ENTERPRISE_ONLY: trustEnterpriseOnly ? 'true' : 'false'
  TRUST_MOUNT_WAIT_SECONDS: string(trustMountWaitSeconds)
}, mountedBundleSettings, blobBundleSettings)

var uiTitleSettings = !empty(uiTitle) ? {
  UI_TITLE: uiTitle
} : {}

var authSecretSettings = !empty(authClientSecret) ? {
  MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: authClientSecret
} : {}

var uiSettings = union({
  AUTH_ENABLED: authEnabled ? 'true' : 'false'
}, uiTitleSettings, authSecretSettings)

var containerHostingSettings = {
  WEBSITES_PORT: '8000'
  // The image holds the app; /home needs no mount into the container.
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
}

var packageHostingSettings = {
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

var codeHostingSettings = {
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
}

var hostingSettings = appHosting == 'container' ? containerHostingSettings : (appHosting == 'package' ? packageHostingSettings : codeHostingSettings)

var appSettings = union(openAiSettings, historySettings, trustSettings, uiSettings, hostingSettings, extraAppSettings)

// ---------------------------------------------------------------------------------------------
// Web app and its access to everything else
// ---------------------------------------------------------------------------------------------

module web 'core/host/appservice.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: webAppName
    location: location
    tags: union(tags, {
      'azd-service-name': 'web'
    })
    appServicePlanId: plan.outputs.id
    hosting: appHosting
    containerImage: containerImage
    appSettings: appSettings
    certificateMountType: mountType
    certificateStorageAccountName: createStorage ? certificateStorage.outputs.name : storageAccountName
    certificateStorageResourceGroupName: storageRgName
    certificateShareName: mountType == 'AzureFiles' ? certificateShareName : certificateContainerName
    certificateMountPath: certificateMountPath
    authClientId: authClientId
    authTenantId: !empty(authTenantId) ? authTenantId : tenant().tenantId
  }
}

module openAiUser 'core/ai/openai-user-role.bicep' = {
  name: 'openai-user-role'
  scope: resourceGroup(openAiRgName)
  params: {
    accountName: createOpenAi ? openAi.outputs.name : openAiAccountName
    principalId: web.outputs.principalId
  }
}

module cosmosDataContributor 'core/database/cosmos-data-contributor.bicep' = if (useCosmos) {
  name: 'cosmos-data-contributor'
  scope: rg
  params: {
    accountName: useCosmos ? cosmos.outputs.accountName : cosmosAccountName
    databaseName: useCosmos ? cosmos.outputs.databaseName : cosmosDatabaseName
    principalId: web.outputs.principalId
  }
}

module blobReader 'core/storage/blob-reader-role.bicep' = if (certificateSource == 'BlobUrl') {
  name: 'certificate-blob-reader-role'
  scope: resourceGroup(storageRgName)
  params: {
    storageAccountName: createStorage ? certificateStorage.outputs.name : storageAccountName
    containerName: certificateContainerName
    principalId: web.outputs.principalId
  }
}

module acrPull 'core/host/acr-pull-role.bicep' = if (!empty(containerRegistryName)) {
  name: 'acr-pull-role'
  scope: resourceGroup(!empty(containerRegistryResourceGroupName) ? containerRegistryResourceGroupName : rgName)
  params: {
    registryName: containerRegistryName
    principalId: web.outputs.principalId
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd stores them in .azure/<env>/.env)
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output WEB_APP_NAME string = web.outputs.name
output WEB_APP_URL string = web.outputs.uri
output WEB_APP_PRINCIPAL_ID string = web.outputs.principalId
output APP_HOSTING string = appHosting
output AZURE_OPENAI_RESOURCE string = openAiAccountName
output AZURE_OPENAI_RESOURCE_GROUP string = openAiRgName
output AZURE_OPENAI_ENDPOINT string = openAiEndpoint
output AZURE_OPENAI_MODEL string = openAiDeploymentName
output AZURE_COSMOSDB_ACCOUNT string = useCosmos ? cosmosAccountName : ''
output AZURE_COSMOSDB_DATABASE string = useCosmos ? cosmosDatabaseName : ''
output AZURE_COSMOSDB_CONVERSATIONS_CONTAINER string = useCosmos ? cosmosContainerName : ''
output CERTIFICATE_SOURCE string = certificateSource
output CERTIFICATE_STORAGE_ACCOUNT string = useCertificateStorage ? storageAccountName : ''
output CERTIFICATE_STORAGE_RESOURCE_GROUP string = useCertificateStorage ? storageRgName : ''
output CERTIFICATE_SHARE_NAME string = certificateSource == 'AzureFilesMount' ? certificateShareName : ''
output CERTIFICATE_CONTAINER_NAME string = needsBlobContainer ? certificateContainerName : ''
output CERTIFICATE_BUNDLE_FILE_NAME string = useCertificateStorage ? certificateBundleFileName : ''
output SSL_CERT_FILE string = mountType != 'None' ? '${certificateMountPath}/${certificateBundleFileName}' : ''
