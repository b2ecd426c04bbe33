//! The operation table of the Auth API, one entry per operationId of
//! `openapi/auth.yaml`: method, path, tag, success status and the error
//! statuses the contract documents. The emulator answers each failure with
//! the closest documented status (see [`crate::error::Fault`]); the test
//! `emulator/tests/contract.rs` checks this table against the spec.

/// One operation of the Auth API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template under `/v1/auth`, as in the spec.
    pub path: &'static str,
    /// The tag (API group).
    pub tag: &'static str,
    /// The success status.
    pub success: u16,
    /// The error statuses the contract documents.
    pub errors: &'static [u16],
}

/// `GET /userinfo` (userInfo).
pub const GET_USER_INFO: Op = Op {
    id: "GetUserInfo",
    method: "GET",
    path: "/userinfo",
    tag: "userInfo",
    success: 200,
    errors: &[401, 500],
};
/// `GET /userinfo/search/email` (userInfo).
pub const GET_USER_INFO_BY_EMAIL: Op = Op {
    id: "GetUserInfoByEmail",
    method: "GET",
    path: "/userinfo/search/email",
    tag: "userInfo",
    success: 200,
    errors: &[404, 500],
};
/// `GET /userinfo/search/sign-in-id` (userInfo).
pub const GET_USER_INFO_BY_SIGN_IN_ID: Op = Op {
    id: "GetUserInfoBySignInId",
    method: "GET",
    path: "/userinfo/search/sign-in-id",
    tag: "userInfo",
    success: 200,
    errors: &[404, 500],
};
/// `GET /basic-info` (basicInfo).
pub const GET_BASIC_INFO: Op = Op {
    id: "GetBasicInfo",
    method: "GET",
    path: "/basic-info",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `PUT /basic-info` (basicInfo).
pub const UPDATE_BASIC_INFO: Op = Op {
    id: "UpdateBasicInfo",
    method: "PUT",
    path: "/basic-info",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `GET /auth-info` (authInfo).
pub const GET_AUTH_INFO: Op = Op {
    id: "GetAuthInfo",
    method: "GET",
    path: "/auth-info",
    tag: "authInfo",
    success: 200,
    errors: &[500],
};
/// `PUT /auth-info` (authInfo).
pub const UPDATE_AUTH_INFO: Op = Op {
    id: "UpdateAuthInfo",
    method: "PUT",
    path: "/auth-info",
    tag: "authInfo",
    success: 200,
    errors: &[500],
};
/// `GET /users` (saasUser).
pub const GET_SAAS_USERS: Op = Op {
    id: "GetSaasUsers",
    method: "GET",
    path: "/users",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /users` (saasUser).
pub const CREATE_SAAS_USER: Op = Op {
    id: "CreateSaasUser",
    method: "POST",
    path: "/users",
    tag: "saasUser",
    success: 201,
    errors: &[400, 500],
};
/// `GET /users/count` (saasUser).
pub const GET_SAAS_USERS_COUNT: Op = Op {
    id: "GetSaasUsersCount",
    method: "GET",
    path: "/users/count",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /users/count` (saasUser).
pub const SAVE_SAAS_USERS_COUNT: Op = Op {
    id: "SaveSaasUsersCount",
    method: "POST",
    path: "/users/count",
    tag: "saasUser",
    success: 200,
    errors: &[400, 500],
};
/// `GET /users/search` (saasUser).
pub const SEARCH_SAAS_USERS: Op = Op {
    id: "SearchSaasUsers",
    method: "GET",
    path: "/users/search",
    tag: "saasUser",
    success: 200,
    errors: &[400, 500],
};
/// `GET /users/{user_id}` (saasUser).
pub const GET_SAAS_USER: Op = Op {
    id: "GetSaasUser",
    method: "GET",
    path: "/users/{user_id}",
    tag: "saasUser",
    success: 200,
    errors: &[404, 500],
};
/// `DELETE /users/{user_id}` (saasUser).
pub const DELETE_SAAS_USER: Op = Op {
    id: "DeleteSaasUser",
    method: "DELETE",
    path: "/users/{user_id}",
    tag: "saasUser",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /users/{user_id}/password` (saasUser).
pub const UPDATE_SAAS_USER_PASSWORD: Op = Op {
    id: "UpdateSaasUserPassword",
    method: "PATCH",
    path: "/users/{user_id}/password",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /users/{user_id}/password/reset` (saasUser).
pub const RESET_SAAS_USER_PASSWORD: Op = Op {
    id: "ResetSaasUserPassword",
    method: "POST",
    path: "/users/{user_id}/password/reset",
    tag: "saasUser",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /users/{user_id}/email` (saasUser).
pub const UPDATE_SAAS_USER_EMAIL: Op = Op {
    id: "UpdateSaasUserEmail",
    method: "PATCH",
    path: "/users/{user_id}/email",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `PATCH /users/{user_id}/sign-in-id` (saasUser).
pub const UPDATE_SAAS_USER_SIGN_IN_ID: Op = Op {
    id: "UpdateSaasUserSignInId",
    method: "PATCH",
    path: "/users/{user_id}/sign-in-id",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /users/{user_id}/email/request` (saasUser).
pub const REQUEST_EMAIL_UPDATE: Op = Op {
    id: "RequestEmailUpdate",
    method: "POST",
    path: "/users/{user_id}/email/request",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /users/{user_id}/email/confirm` (saasUser).
pub const CONFIRM_EMAIL_UPDATE: Op = Op {
    id: "ConfirmEmailUpdate",
    method: "POST",
    path: "/users/{user_id}/email/confirm",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `PATCH /users/{user_id}/attributes` (saasUser).
pub const UPDATE_SAAS_USER_ATTRIBUTES: Op = Op {
    id: "UpdateSaasUserAttributes",
    method: "PATCH",
    path: "/users/{user_id}/attributes",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `PUT /users/{user_id}/mfa/software-token` (saasUser).
pub const UPDATE_SOFTWARE_TOKEN: Op = Op {
    id: "UpdateSoftwareToken",
    method: "PUT",
    path: "/users/{user_id}/mfa/software-token",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /users/{user_id}/mfa/software-token/secret-code` (saasUser).
pub const CREATE_SECRET_CODE: Op = Op {
    id: "CreateSecretCode",
    method: "POST",
    path: "/users/{user_id}/mfa/software-token/secret-code",
    tag: "saasUser",
    success: 201,
    errors: &[500],
};
/// `GET /users/{user_id}/mfa/preference` (saasUser).
pub const GET_USER_MFA_PREFERENCE: Op = Op {
    id: "GetUserMfaPreference",
    method: "GET",
    path: "/users/{user_id}/mfa/preference",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `PATCH /users/{user_id}/mfa/preference` (saasUser).
pub const UPDATE_USER_MFA_PREFERENCE: Op = Op {
    id: "UpdateUserMfaPreference",
    method: "PATCH",
    path: "/users/{user_id}/mfa/preference",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `DELETE /users/{user_id}/providers/{provider_name}` (saasUser).
pub const UNLINK_PROVIDER: Op = Op {
    id: "UnlinkProvider",
    method: "DELETE",
    path: "/users/{user_id}/providers/{provider_name}",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `GET /tenants/all/users` (tenantUser).
pub const GET_ALL_TENANT_USERS: Op = Op {
    id: "GetAllTenantUsers",
    method: "GET",
    path: "/tenants/all/users",
    tag: "tenantUser",
    success: 200,
    errors: &[500],
};
/// `GET /tenants/all/users/count` (tenantUser).
pub const GET_ALL_TENANT_USERS_COUNT: Op = Op {
    id: "GetAllTenantUsersCount",
    method: "GET",
    path: "/tenants/all/users/count",
    tag: "tenantUser",
    success: 200,
    errors: &[500],
};
/// `POST /tenants/all/users/count` (tenantUser).
pub const SAVE_TENANT_USERS_COUNTS: Op = Op {
    id: "SaveTenantUsersCounts",
    method: "POST",
    path: "/tenants/all/users/count",
    tag: "tenantUser",
    success: 200,
    errors: &[400, 500],
};
/// `GET /tenants/all/users/search` (tenantUser).
pub const SEARCH_TENANT_USERS: Op = Op {
    id: "SearchTenantUsers",
    method: "GET",
    path: "/tenants/all/users/search",
    tag: "tenantUser",
    success: 200,
    errors: &[400, 500],
};
/// `GET /tenants/all/users/{user_id}` (tenantUser).
pub const GET_ALL_TENANT_USER: Op = Op {
    id: "GetAllTenantUser",
    method: "GET",
    path: "/tenants/all/users/{user_id}",
    tag: "tenantUser",
    success: 200,
    errors: &[404, 500],
};
/// `GET /tenants/{tenant_id}/users` (tenantUser).
pub const GET_TENANT_USERS: Op = Op {
    id: "GetTenantUsers",
    method: "GET",
    path: "/tenants/{tenant_id}/users",
    tag: "tenantUser",
    success: 200,
    errors: &[500],
};
/// `POST /tenants/{tenant_id}/users` (tenantUser).
pub const CREATE_TENANT_USER: Op = Op {
    id: "CreateTenantUser",
    method: "POST",
    path: "/tenants/{tenant_id}/users",
    tag: "tenantUser",
    success: 201,
    errors: &[500],
};
/// `GET /tenants/{tenant_id}/users/{user_id}` (tenantUser).
pub const GET_TENANT_USER: Op = Op {
    id: "GetTenantUser",
    method: "GET",
    path: "/tenants/{tenant_id}/users/{user_id}",
    tag: "tenantUser",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /tenants/{tenant_id}/users/{user_id}` (tenantUser).
pub const UPDATE_TENANT_USER: Op = Op {
    id: "UpdateTenantUser",
    method: "PATCH",
    path: "/tenants/{tenant_id}/users/{user_id}",
    tag: "tenantUser",
    success: 200,
    errors: &[404, 500],
};
/// `DELETE /tenants/{tenant_id}/users/{user_id}` (tenantUser).
pub const DELETE_TENANT_USER: Op = Op {
    id: "DeleteTenantUser",
    method: "DELETE",
    path: "/tenants/{tenant_id}/users/{user_id}",
    tag: "tenantUser",
    success: 200,
    errors: &[404, 500],
};
/// `POST /tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles` (tenantUser).
pub const CREATE_TENANT_USER_ROLES: Op = Op {
    id: "CreateTenantUserRoles",
    method: "POST",
    path: "/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles",
    tag: "tenantUser",
    success: 201,
    errors: &[500],
};
/// `DELETE /tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles/{role_name}` (tenantUser).
pub const DELETE_TENANT_USER_ROLE: Op = Op {
    id: "DeleteTenantUserRole",
    method: "DELETE",
    path: "/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles/{role_name}",
    tag: "tenantUser",
    success: 200,
    errors: &[404, 500],
};
/// `GET /roles` (role).
pub const GET_ROLES: Op = Op {
    id: "GetRoles",
    method: "GET",
    path: "/roles",
    tag: "role",
    success: 200,
    errors: &[500],
};
/// `POST /roles` (role).
pub const CREATE_ROLE: Op = Op {
    id: "CreateRole",
    method: "POST",
    path: "/roles",
    tag: "role",
    success: 201,
    errors: &[500],
};
/// `PATCH /roles/{role_name}` (role).
pub const UPDATE_ROLE: Op = Op {
    id: "UpdateRole",
    method: "PATCH",
    path: "/roles/{role_name}",
    tag: "role",
    success: 200,
    errors: &[400, 404, 500],
};
/// `DELETE /roles/{role_name}` (role).
pub const DELETE_ROLE: Op = Op {
    id: "DeleteRole",
    method: "DELETE",
    path: "/roles/{role_name}",
    tag: "role",
    success: 200,
    errors: &[400, 404, 500],
};
/// `GET /user-attributes` (userAttribute).
pub const GET_USER_ATTRIBUTES: Op = Op {
    id: "GetUserAttributes",
    method: "GET",
    path: "/user-attributes",
    tag: "userAttribute",
    success: 200,
    errors: &[500],
};
/// `POST /user-attributes` (userAttribute).
pub const CREATE_USER_ATTRIBUTE: Op = Op {
    id: "CreateUserAttribute",
    method: "POST",
    path: "/user-attributes",
    tag: "userAttribute",
    success: 201,
    errors: &[500],
};
/// `DELETE /user-attributes/{attribute_name}` (userAttribute).
pub const DELETE_USER_ATTRIBUTE: Op = Op {
    id: "DeleteUserAttribute",
    method: "DELETE",
    path: "/user-attributes/{attribute_name}",
    tag: "userAttribute",
    success: 200,
    errors: &[404, 500],
};
/// `POST /saas-user-attributes` (userAttribute).
pub const CREATE_SAAS_USER_ATTRIBUTE: Op = Op {
    id: "CreateSaasUserAttribute",
    method: "POST",
    path: "/saas-user-attributes",
    tag: "userAttribute",
    success: 201,
    errors: &[500],
};
/// `GET /tenant-attributes` (tenantAttribute).
pub const GET_TENANT_ATTRIBUTES: Op = Op {
    id: "GetTenantAttributes",
    method: "GET",
    path: "/tenant-attributes",
    tag: "tenantAttribute",
    success: 200,
    errors: &[500],
};
/// `POST /tenant-attributes` (tenantAttribute).
pub const CREATE_TENANT_ATTRIBUTE: Op = Op {
    id: "CreateTenantAttribute",
    method: "POST",
    path: "/tenant-attributes",
    tag: "tenantAttribute",
    success: 201,
    errors: &[500],
};
/// `DELETE /tenant-attributes/{attribute_name}` (tenantAttribute).
pub const DELETE_TENANT_ATTRIBUTE: Op = Op {
    id: "DeleteTenantAttribute",
    method: "DELETE",
    path: "/tenant-attributes/{attribute_name}",
    tag: "tenantAttribute",
    success: 200,
    errors: &[404, 500],
};
/// `GET /tenants` (tenant).
pub const GET_TENANTS: Op = Op {
    id: "GetTenants",
    method: "GET",
    path: "/tenants",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `POST /tenants` (tenant).
pub const CREATE_TENANT: Op = Op {
    id: "CreateTenant",
    method: "POST",
    path: "/tenants",
    tag: "tenant",
    success: 201,
    errors: &[500],
};
/// `GET /tenants/{tenant_id}` (tenant).
pub const GET_TENANT: Op = Op {
    id: "GetTenant",
    method: "GET",
    path: "/tenants/{tenant_id}",
    tag: "tenant",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /tenants/{tenant_id}` (tenant).
pub const UPDATE_TENANT: Op = Op {
    id: "UpdateTenant",
    method: "PATCH",
    path: "/tenants/{tenant_id}",
    tag: "tenant",
    success: 200,
    errors: &[404, 500],
};
/// `DELETE /tenants/{tenant_id}` (tenant).
pub const DELETE_TENANT: Op = Op {
    id: "DeleteTenant",
    method: "DELETE",
    path: "/tenants/{tenant_id}",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `PUT /tenants/{tenant_id}/plans` (tenant).
pub const UPDATE_TENANT_PLAN: Op = Op {
    id: "UpdateTenantPlan",
    method: "PUT",
    path: "/tenants/{tenant_id}/plans",
    tag: "tenant",
    success: 200,
    errors: &[400, 404, 500],
};
/// `PUT /tenants/{tenant_id}/billing-info` (tenant).
pub const UPDATE_TENANT_BILLING_INFO: Op = Op {
    id: "UpdateTenantBillingInfo",
    method: "PUT",
    path: "/tenants/{tenant_id}/billing-info",
    tag: "tenant",
    success: 200,
    errors: &[400, 404, 500],
};
/// `GET /tenants/{tenant_id}/invitations` (invitation).
pub const GET_TENANT_INVITATIONS: Op = Op {
    id: "GetTenantInvitations",
    method: "GET",
    path: "/tenants/{tenant_id}/invitations",
    tag: "invitation",
    success: 200,
    errors: &[500],
};
/// `POST /tenants/{tenant_id}/invitations` (invitation).
pub const CREATE_TENANT_INVITATION: Op = Op {
    id: "CreateTenantInvitation",
    method: "POST",
    path: "/tenants/{tenant_id}/invitations",
    tag: "invitation",
    success: 201,
    errors: &[400, 500],
};
/// `GET /tenants/{tenant_id}/invitations/{invitation_id}` (invitation).
pub const GET_TENANT_INVITATION: Op = Op {
    id: "GetTenantInvitation",
    method: "GET",
    path: "/tenants/{tenant_id}/invitations/{invitation_id}",
    tag: "invitation",
    success: 200,
    errors: &[404, 500],
};
/// `DELETE /tenants/{tenant_id}/invitations/{invitation_id}` (invitation).
pub const DELETE_TENANT_INVITATION: Op = Op {
    id: "DeleteTenantInvitation",
    method: "DELETE",
    path: "/tenants/{tenant_id}/invitations/{invitation_id}",
    tag: "invitation",
    success: 200,
    errors: &[404, 500],
};
/// `GET /invitations/{invitation_id}/validity` (invitation).
pub const GET_INVITATION_VALIDITY: Op = Op {
    id: "GetInvitationValidity",
    method: "GET",
    path: "/invitations/{invitation_id}/validity",
    tag: "invitation",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /invitations/{invitation_id}/validate` (invitation).
pub const VALIDATE_INVITATION: Op = Op {
    id: "ValidateInvitation",
    method: "PATCH",
    path: "/invitations/{invitation_id}/validate",
    tag: "invitation",
    success: 200,
    errors: &[400, 404, 500],
};
/// `GET /tenants/{tenant_id}/identity-providers` (tenant).
pub const GET_TENANT_IDENTITY_PROVIDERS: Op = Op {
    id: "GetTenantIdentityProviders",
    method: "GET",
    path: "/tenants/{tenant_id}/identity-providers",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `PUT /tenants/{tenant_id}/identity-providers` (tenant).
pub const UPDATE_TENANT_IDENTITY_PROVIDER: Op = Op {
    id: "UpdateTenantIdentityProvider",
    method: "PUT",
    path: "/tenants/{tenant_id}/identity-providers",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `POST /external-users/request` (saasUser).
pub const REQUEST_EXTERNAL_USER_LINK: Op = Op {
    id: "RequestExternalUserLink",
    method: "POST",
    path: "/external-users/request",
    tag: "saasUser",
    success: 200,
    errors: &[400, 500],
};
/// `POST /external-users/confirm` (saasUser).
pub const CONFIRM_EXTERNAL_USER_LINK: Op = Op {
    id: "ConfirmExternalUserLink",
    method: "POST",
    path: "/external-users/confirm",
    tag: "saasUser",
    success: 200,
    errors: &[400, 500],
};
/// `GET /notification-messages` (basicInfo).
pub const FIND_NOTIFICATION_MESSAGES: Op = Op {
    id: "FindNotificationMessages",
    method: "GET",
    path: "/notification-messages",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `PUT /notification-messages` (basicInfo).
pub const UPDATE_NOTIFICATION_MESSAGES: Op = Op {
    id: "UpdateNotificationMessages",
    method: "PUT",
    path: "/notification-messages",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `GET /identity-providers` (authInfo).
pub const GET_IDENTITY_PROVIDERS: Op = Op {
    id: "GetIdentityProviders",
    method: "GET",
    path: "/identity-providers",
    tag: "authInfo",
    success: 200,
    errors: &[500],
};
/// `PUT /identity-providers` (authInfo).
pub const UPDATE_IDENTITY_PROVIDER: Op = Op {
    id: "UpdateIdentityProvider",
    method: "PUT",
    path: "/identity-providers",
    tag: "authInfo",
    success: 200,
    errors: &[500],
};
/// `GET /sign-in-settings` (authInfo).
pub const GET_SIGN_IN_SETTINGS: Op = Op {
    id: "GetSignInSettings",
    method: "GET",
    path: "/sign-in-settings",
    tag: "authInfo",
    success: 200,
    errors: &[500],
};
/// `PUT /sign-in-settings` (authInfo).
pub const UPDATE_SIGN_IN_SETTINGS: Op = Op {
    id: "UpdateSignInSettings",
    method: "PUT",
    path: "/sign-in-settings",
    tag: "authInfo",
    success: 200,
    errors: &[500],
};
/// `GET /customize-pages` (basicInfo).
pub const GET_CUSTOMIZE_PAGES: Op = Op {
    id: "GetCustomizePages",
    method: "GET",
    path: "/customize-pages",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `PATCH /customize-pages` (basicInfo).
pub const UPDATE_CUSTOMIZE_PAGES: Op = Op {
    id: "UpdateCustomizePages",
    method: "PATCH",
    path: "/customize-pages",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `GET /customize-page-settings` (basicInfo).
pub const GET_CUSTOMIZE_PAGE_SETTINGS: Op = Op {
    id: "GetCustomizePageSettings",
    method: "GET",
    path: "/customize-page-settings",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `PATCH /customize-page-settings` (basicInfo).
pub const UPDATE_CUSTOMIZE_PAGE_SETTINGS: Op = Op {
    id: "UpdateCustomizePageSettings",
    method: "PATCH",
    path: "/customize-page-settings",
    tag: "basicInfo",
    success: 200,
    errors: &[500],
};
/// `GET /envs` (env).
pub const GET_ENVS: Op = Op {
    id: "GetEnvs",
    method: "GET",
    path: "/envs",
    tag: "env",
    success: 200,
    errors: &[500],
};
/// `POST /envs` (env).
pub const CREATE_ENV: Op = Op {
    id: "CreateEnv",
    method: "POST",
    path: "/envs",
    tag: "env",
    success: 201,
    errors: &[500],
};
/// `GET /envs/{env_id}` (env).
pub const GET_ENV: Op = Op {
    id: "GetEnv",
    method: "GET",
    path: "/envs/{env_id}",
    tag: "env",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /envs/{env_id}` (env).
pub const UPDATE_ENV: Op = Op {
    id: "UpdateEnv",
    method: "PATCH",
    path: "/envs/{env_id}",
    tag: "env",
    success: 200,
    errors: &[404, 500],
};
/// `DELETE /envs/{env_id}` (env).
pub const DELETE_ENV: Op = Op {
    id: "DeleteEnv",
    method: "DELETE",
    path: "/envs/{env_id}",
    tag: "env",
    success: 200,
    errors: &[404, 500],
};
/// `PATCH /stripe/init` (tenant).
pub const CREATE_TENANT_AND_PRICING: Op = Op {
    id: "CreateTenantAndPricing",
    method: "PATCH",
    path: "/stripe/init",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `DELETE /stripe` (tenant).
pub const DELETE_STRIPE_TENANT_AND_PRICING: Op = Op {
    id: "DeleteStripeTenantAndPricing",
    method: "DELETE",
    path: "/stripe",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `GET /credentials` (credential).
pub const GET_AUTH_CREDENTIALS: Op = Op {
    id: "GetAuthCredentials",
    method: "GET",
    path: "/credentials",
    tag: "credential",
    success: 200,
    errors: &[404, 500],
};
/// `POST /credentials` (credential).
pub const CREATE_AUTH_CREDENTIALS: Op = Op {
    id: "CreateAuthCredentials",
    method: "POST",
    path: "/credentials",
    tag: "credential",
    success: 201,
    errors: &[400, 401, 500],
};
/// `POST /sign-in` (saasUser).
pub const SIGN_IN: Op = Op {
    id: "SignIn",
    method: "POST",
    path: "/sign-in",
    tag: "saasUser",
    success: 200,
    errors: &[401, 500],
};
/// `POST /device/confirm` (saasUser).
pub const CONFIRM_DEVICE: Op = Op {
    id: "ConfirmDevice",
    method: "POST",
    path: "/device/confirm",
    tag: "saasUser",
    success: 200,
    errors: &[400, 401, 500],
};
/// `POST /device/status` (saasUser).
pub const UPDATE_DEVICE_STATUS: Op = Op {
    id: "UpdateDeviceStatus",
    method: "POST",
    path: "/device/status",
    tag: "saasUser",
    success: 200,
    errors: &[400, 401, 500],
};
/// `POST /sign-in/challenge` (saasUser).
pub const RESPOND_TO_SIGN_IN_CHALLENGE: Op = Op {
    id: "RespondToSignInChallenge",
    method: "POST",
    path: "/sign-in/challenge",
    tag: "saasUser",
    success: 200,
    errors: &[401, 500],
};
/// `POST /sign-up` (saasUser).
pub const SIGN_UP: Op = Op {
    id: "SignUp",
    method: "POST",
    path: "/sign-up",
    tag: "saasUser",
    success: 201,
    errors: &[500],
};
/// `POST /sign-up/resend` (saasUser).
pub const RESEND_SIGN_UP_CONFIRMATION_EMAIL: Op = Op {
    id: "ResendSignUpConfirmationEmail",
    method: "POST",
    path: "/sign-up/resend",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `POST /aws-marketplace/sign-up` (saasUser).
pub const SIGN_UP_WITH_AWS_MARKETPLACE: Op = Op {
    id: "SignUpWithAwsMarketplace",
    method: "POST",
    path: "/aws-marketplace/sign-up",
    tag: "saasUser",
    success: 201,
    errors: &[500],
};
/// `POST /aws-marketplace/sign-up-confirm` (saasUser).
pub const CONFIRM_SIGN_UP_WITH_AWS_MARKETPLACE: Op = Op {
    id: "ConfirmSignUpWithAwsMarketplace",
    method: "POST",
    path: "/aws-marketplace/sign-up-confirm",
    tag: "saasUser",
    success: 201,
    errors: &[500],
};
/// `PATCH /aws-marketplace/link` (saasUser).
pub const LINK_AWS_MARKETPLACE: Op = Op {
    id: "LinkAwsMarketplace",
    method: "PATCH",
    path: "/aws-marketplace/link",
    tag: "saasUser",
    success: 200,
    errors: &[500],
};
/// `PUT /plans/reset` (tenant).
pub const RESET_PLAN: Op = Op {
    id: "ResetPlan",
    method: "PUT",
    path: "/plans/reset",
    tag: "tenant",
    success: 200,
    errors: &[500],
};
/// `GET /single-tenant/cloudformation-launch-stack-link` (singleTenant).
pub const GET_CLOUD_FORMATION_LAUNCH_STACK_LINK_FOR_SINGLE_TENANT: Op = Op {
    id: "GetCloudFormationLaunchStackLinkForSingleTenant",
    method: "GET",
    path: "/single-tenant/cloudformation-launch-stack-link",
    tag: "singleTenant",
    success: 200,
    errors: &[500],
};
/// `GET /single-tenant/settings` (singleTenant).
pub const GET_SINGLE_TENANT_SETTINGS: Op = Op {
    id: "GetSingleTenantSettings",
    method: "GET",
    path: "/single-tenant/settings",
    tag: "singleTenant",
    success: 200,
    errors: &[500],
};
/// `PATCH /single-tenant/settings` (singleTenant).
pub const UPDATE_SINGLE_TENANT_SETTINGS: Op = Op {
    id: "UpdateSingleTenantSettings",
    method: "PATCH",
    path: "/single-tenant/settings",
    tag: "singleTenant",
    success: 200,
    errors: &[400, 500],
};
/// `GET /tenants/{tenant_id}/stripe-customer` (tenant).
pub const GET_STRIPE_CUSTOMER: Op = Op {
    id: "GetStripeCustomer",
    method: "GET",
    path: "/tenants/{tenant_id}/stripe-customer",
    tag: "tenant",
    success: 200,
    errors: &[500],
};

/// Every operation, in the order of the spec.
pub const ALL: &[Op] = &[
    GET_USER_INFO,
    GET_USER_INFO_BY_EMAIL,
    GET_USER_INFO_BY_SIGN_IN_ID,
    GET_BASIC_INFO,
    UPDATE_BASIC_INFO,
    GET_AUTH_INFO,
    UPDATE_AUTH_INFO,
    GET_SAAS_USERS,
    CREATE_SAAS_USER,
    GET_SAAS_USERS_COUNT,
    SAVE_SAAS_USERS_COUNT,
    SEARCH_SAAS_USERS,
    GET_SAAS_USER,
    DELETE_SAAS_USER,
    UPDATE_SAAS_USER_PASSWORD,
    RESET_SAAS_USER_PASSWORD,
    UPDATE_SAAS_USER_EMAIL,
    UPDATE_SAAS_USER_SIGN_IN_ID,
    REQUEST_EMAIL_UPDATE,
    CONFIRM_EMAIL_UPDATE,
    UPDATE_SAAS_USER_ATTRIBUTES,
    UPDATE_SOFTWARE_TOKEN,
    CREATE_SECRET_CODE,
    GET_USER_MFA_PREFERENCE,
    UPDATE_USER_MFA_PREFERENCE,
    UNLINK_PROVIDER,
    GET_ALL_TENANT_USERS,
    GET_ALL_TENANT_USERS_COUNT,
    SAVE_TENANT_USERS_COUNTS,
    SEARCH_TENANT_USERS,
    GET_ALL_TENANT_USER,
    GET_TENANT_USERS,
    CREATE_TENANT_USER,
    GET_TENANT_USER,
    UPDATE_TENANT_USER,
    DELETE_TENANT_USER,
    CREATE_TENANT_USER_ROLES,
    DELETE_TENANT_USER_ROLE,
    GET_ROLES,
    CREATE_ROLE,
    UPDATE_ROLE,
    DELETE_ROLE,
    GET_USER_ATTRIBUTES,
    CREATE_USER_ATTRIBUTE,
    DELETE_USER_ATTRIBUTE,
    CREATE_SAAS_USER_ATTRIBUTE,
    GET_TENANT_ATTRIBUTES,
    CREATE_TENANT_ATTRIBUTE,
    DELETE_TENANT_ATTRIBUTE,
    GET_TENANTS,
    CREATE_TENANT,
    GET_TENANT,
    UPDATE_TENANT,
    DELETE_TENANT,
    UPDATE_TENANT_PLAN,
    UPDATE_TENANT_BILLING_INFO,
    GET_TENANT_INVITATIONS,
    CREATE_TENANT_INVITATION,
    GET_TENANT_INVITATION,
    DELETE_TENANT_INVITATION,
    GET_INVITATION_VALIDITY,
    VALIDATE_INVITATION,
    GET_TENANT_IDENTITY_PROVIDERS,
    UPDATE_TENANT_IDENTITY_PROVIDER,
    REQUEST_EXTERNAL_USER_LINK,
    CONFIRM_EXTERNAL_USER_LINK,
    FIND_NOTIFICATION_MESSAGES,
    UPDATE_NOTIFICATION_MESSAGES,
    GET_IDENTITY_PROVIDERS,
    UPDATE_IDENTITY_PROVIDER,
    GET_SIGN_IN_SETTINGS,
    UPDATE_SIGN_IN_SETTINGS,
    GET_CUSTOMIZE_PAGES,
    UPDATE_CUSTOMIZE_PAGES,
    GET_CUSTOMIZE_PAGE_SETTINGS,
    UPDATE_CUSTOMIZE_PAGE_SETTINGS,
    GET_ENVS,
    CREATE_ENV,
    GET_ENV,
    UPDATE_ENV,
    DELETE_ENV,
    CREATE_TENANT_AND_PRICING,
    DELETE_STRIPE_TENANT_AND_PRICING,
    GET_AUTH_CREDENTIALS,
    CREATE_AUTH_CREDENTIALS,
    SIGN_IN,
    CONFIRM_DEVICE,
    UPDATE_DEVICE_STATUS,
    RESPOND_TO_SIGN_IN_CHALLENGE,
    SIGN_UP,
    RESEND_SIGN_UP_CONFIRMATION_EMAIL,
    SIGN_UP_WITH_AWS_MARKETPLACE,
    CONFIRM_SIGN_UP_WITH_AWS_MARKETPLACE,
    LINK_AWS_MARKETPLACE,
    RESET_PLAN,
    GET_CLOUD_FORMATION_LAUNCH_STACK_LINK_FOR_SINGLE_TENANT,
    GET_SINGLE_TENANT_SETTINGS,
    UPDATE_SINGLE_TENANT_SETTINGS,
    GET_STRIPE_CUSTOMER,
];
