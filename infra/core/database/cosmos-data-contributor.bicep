// Grants a principal the built-in data-plane role "Cosmos DB Built-in Data Contributor" (read and
// write items) on one database of a Cosmos DB (NoSQL) account.

param accountName string
param databaseName string

@description('Object id of the principal (the web app\'s managed identity).')
param principalId string

var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: accountName
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId, databaseName)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: principalId
    // Only this database, not every database the account may hold later.
    scope: '${account.id}/dbs/${databaseName}'
  }
}
