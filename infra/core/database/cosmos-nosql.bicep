// Cosmos DB (NoSQL) for chat history: account, database and container. Keys are off: the app
// authenticates with Microsoft Entra ID only (see cosmos-data-contributor.bicep for its role).

param accountName string
param location string = resourceGroup().location
param tags object = {}

@description('Database name (AZURE_COSMOSDB_DATABASE).')
param databaseName string = 'db_conversation_history'

@description('Container name (AZURE_COSMOSDB_CONVERSATIONS_CONTAINER).')
param containerName string = 'conversations'

@description('Serverless (pay per request) suits chat history; provisioned throughput suits steady heavy use.')
param serverless bool = true

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  //checkov:skip=CKV_AZURE_101:Without VNet integration and a private endpoint the web app reaches Cosmos DB over its public endpoint; keys are disabled, so every request needs a Microsoft Entra ID token with a data-plane role.
  //checkov:skip=CKV_AZURE_99:Same reason: an IP or VNet filter would need the web app's outbound addresses or VNet, which this template does not fix.
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    networkAclBypass: 'None'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      // Every history query is scoped to one signed-in user.
      partitionKey: {
        paths: [
          '/userId'
        ]
        kind: 'Hash'
      }
    }
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerName string = container.name
