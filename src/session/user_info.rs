//! [`UserInfoExt`]: the authorization checks every handler writes, on
//! [`types::UserInfo`].

use crate::raw::types;

/// Authorization helpers on [`types::UserInfo`] (what
/// [`AuthClient::authenticate`](crate::AuthClient::authenticate) answers):
/// the user's tenant by id, its envs, and whether the user holds a role.
///
/// Roles are matched by `role_name` (e.g. `admin`), exactly; envs by id.
///
/// ```
/// use saasus_auth::session::UserInfoExt;
/// use saasus_auth::types;
///
/// let user: types::UserInfo = serde_json::from_value(serde_json::json!({
///     "id": "f94bfffc-8be2-11ec-b41a-0242ac120004",
///     "email": "user@example.com",
///     "sign_in_id": "",
///     "user_attribute": {},
///     "tenants": [{
///         "id": "7b639774-6fba-4b26-b580-f3d755876a4b",
///         "name": "Acme",
///         "back_office_staff_email": "staff@example.com",
///         "completed_sign_up": true,
///         "user_attribute": {},
///         "envs": [{
///             "id": 3, "name": "prod", "display_name": "Production",
///             "roles": [{ "role_name": "admin", "display_name": "Administrator" }]
///         }]
///     }]
/// }))?;
/// let tenant_id = "7b639774-6fba-4b26-b580-f3d755876a4b";
/// assert_eq!(user.tenant(tenant_id).map(|t| t.name.as_str()), Some("Acme"));
/// assert_eq!(user.envs(tenant_id).len(), 1);
/// assert!(user.has_role(tenant_id, 3, "admin"));
/// assert!(!user.has_role(tenant_id, 1, "admin"));
/// assert!(user.has_role_in_tenant(tenant_id, "admin"));
/// assert!(!user.has_role_in_tenant("another-tenant", "admin"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait UserInfoExt {
    /// The tenant `tenant_id` if the user belongs to it.
    fn tenant(&self, tenant_id: &str) -> Option<&types::UserAvailableTenant>;

    /// The envs the user has in the tenant `tenant_id` (empty if the user
    /// does not belong to it).
    fn envs(&self, tenant_id: &str) -> &[types::UserAvailableEnv];

    /// The env `env_id` of the tenant `tenant_id`, if the user has it.
    fn env(&self, tenant_id: &str, env_id: i64) -> Option<&types::UserAvailableEnv>;

    /// The roles the user holds in the tenant `tenant_id` and env `env_id`
    /// (empty if none).
    fn roles(&self, tenant_id: &str, env_id: i64) -> &[types::Role];

    /// Whether the user holds the role named `role_name` in the tenant
    /// `tenant_id` and env `env_id`.
    fn has_role(&self, tenant_id: &str, env_id: i64, role_name: &str) -> bool {
        self.roles(tenant_id, env_id)
            .iter()
            .any(|r| r.role_name == role_name)
    }

    /// Whether the user holds the role named `role_name` in the tenant
    /// `tenant_id`, in any of its envs.
    fn has_role_in_tenant(&self, tenant_id: &str, role_name: &str) -> bool {
        self.envs(tenant_id)
            .iter()
            .any(|e| e.roles.iter().any(|r| r.role_name == role_name))
    }
}

impl UserInfoExt for types::UserInfo {
    fn tenant(&self, tenant_id: &str) -> Option<&types::UserAvailableTenant> {
        self.tenants.iter().find(|t| t.id.as_str() == tenant_id)
    }

    fn envs(&self, tenant_id: &str) -> &[types::UserAvailableEnv] {
        self.tenant(tenant_id).map_or(&[], |t| t.envs.as_slice())
    }

    fn env(&self, tenant_id: &str, env_id: i64) -> Option<&types::UserAvailableEnv> {
        self.envs(tenant_id).iter().find(|e| *e.id == env_id)
    }

    fn roles(&self, tenant_id: &str, env_id: i64) -> &[types::Role] {
        self.env(tenant_id, env_id)
            .map_or(&[], |e| e.roles.as_slice())
    }
}
