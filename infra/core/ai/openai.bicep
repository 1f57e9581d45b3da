// Azure OpenAI account and one chat model deployment. Callers authenticate with Microsoft
// Entra ID only (the web app's managed identity); API keys are disabled. To use keys, point the
// app at an existing account (openAiResourceName) and set AZURE_OPENAI_KEY.

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Deployment name the app sends requests to (AZURE_OPENAI_MODEL).')
param deploymentName string

@description('Model to deploy, e.g. gpt-4o.')
param modelName string

@description('Model version, e.g. 2024-11-20.')
param modelVersion string

@description('Deployment type: GlobalStandard, Standard, DataZoneStandard, ...')
param deploymentSkuName string = 'GlobalStandard'

@description('Throughput in thousands of tokens per minute.')
@minValue(1)
param deploymentCapacity int = 30

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  //checkov:skip=CKV_AZURE_134:App Service reaches the account over its public endpoint unless the app is VNet-integrated with a private endpoint; every call needs a Microsoft Entra ID token (keys are disabled).
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    // Entra ID tokens need a custom subdomain (https://<name>.openai.azure.com/).
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
    }
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: deploymentSkuName
    capacity: deploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

output name string = account.name
output endpoint string = account.properties.endpoint
output deploymentName string = deployment.name
