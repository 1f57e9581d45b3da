// Easy Auth (App Service authentication) with Microsoft Entra ID for an existing web app: every
// request must be signed in; the app reads the user from the X-MS-CLIENT-PRINCIPAL-* headers.

param siteName string

@description('Client id of the Microsoft Entra app registration.')
param clientId string

@description('Tenant of that app registration.')
param tenantId string

@description('App setting that holds the app registration\'s client secret.')
param clientSecretSettingName string

resource site 'Microsoft.Web/sites@2023-12-01' existing = {
  name: siteName
}

resource auth 'Microsoft.Web/sites/config@2023-12-01' = {
  // checkov reads every sites/config child as the "web" config (and only knows the legacy
  // authsettings schema); these checks are about the site resource, which sets them.
  //checkov:skip=CKV_AZURE_13:This is Easy Auth itself, in the authsettingsV2 schema (platform.enabled) that the check does not read.
  //checkov:skip=CKV_AZURE_63:httpLoggingEnabled is set in the site's siteConfig (appservice.bicep).
  //checkov:skip=CKV_AZURE_65:detailedErrorLoggingEnabled is set in the site's siteConfig (appservice.bicep).
  //checkov:skip=CKV_AZURE_66:requestTracingEnabled is set in the site's siteConfig (appservice.bicep).
  //checkov:skip=CKV_AZURE_80:Not a .NET app (Python), and not the web config.
  //checkov:skip=CKV_AZURE_88:The Azure Files mount is in the site's siteConfig.azureStorageAccounts (appservice.bicep).
  //checkov:skip=CKV_AZURE_222:publicNetworkAccess is a site property (appservice.bicep).
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          clientSecretSettingName: clientSecretSettingName
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}
