// Linux App Service plan that hosts the web app.

@description('Name of the App Service plan.')
param name string

param location string = resourceGroup().location
param tags object = {}

@description('Pricing tier. P0v3 and up give dedicated cores, Always On and zone redundancy.')
param skuName string = 'P0v3'

@description('Number of instances. Chat history must be in Cosmos DB when this is more than 1.')
@minValue(1)
param capacity int = 1

@description('Spread instances across availability zones (Premium v3 and capacity of at least 2 only).')
param zoneRedundant bool = false

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  //checkov:skip=CKV_AZURE_225:Zone redundancy needs Premium v3 with at least two instances in a region with zones; it is the zoneRedundant parameter, off by default so a one-instance deployment works everywhere.
  name: name
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    // Linux plans must be "reserved".
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

output id string = plan.id
output name string = plan.name
