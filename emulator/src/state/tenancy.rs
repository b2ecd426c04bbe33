//! Attributes, tenants, tenant users, roles, envs, role assignments and
//! invitations.
//!
//! A tenant user is a SaaS user's membership of a tenant: it carries the
//! SaaS user's id, email and sign-in id, its own attributes (constrained by
//! the user-attribute definitions) and the roles it holds per env.
//! Deleting a tenant removes its memberships and invitations; deleting a
//! SaaS user, role or env removes what refers to it.

use saasus_auth::types;
use saasus_auth::Attributes;
use serde::Deserialize;

use super::users::{search_cursor, search_limit};
use super::{
    check_attributes, check_definition, merge_attributes, new_uuid, InvitationRec, Member, Store,
    TenantRec, TokenUse,
};
use crate::error::Fault;

/// How long an invitation is valid: 7 days.
const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;
/// The prefix of tenant-user search cursors.
const CURSOR_PREFIX: &str = "emu-tenant-user-cursor-";

/// The filters and page of a SearchTenantUsers request.
#[derive(Debug, Default, Deserialize)]
pub struct TenantUserSearch {
    tenant_id: Option<String>,
    id: Option<String>,
    email: Option<String>,
    sign_in_id: Option<String>,
    env_id: Option<String>,
    role_name: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

fn tenant_not_found(id: &str) -> Fault {
    Fault::not_found("tenant_not_found", format!("no tenant has the ID {id:?}"))
}

fn member_not_found(tenant_id: &str, user_id: &str) -> Fault {
    Fault::not_found(
        "tenant_user_not_found",
        format!("the user {user_id:?} is not a user of the tenant {tenant_id:?}"),
    )
}

impl Store {
    // ---- attributes ------------------------------------------------------

    pub(crate) fn get_user_attributes(&self) -> types::UserAttributes {
        types::UserAttributes {
            user_attributes: self.user_attributes.clone(),
        }
    }

    pub(crate) fn create_user_attribute(
        &mut self,
        a: types::Attribute,
    ) -> Result<types::Attribute, Fault> {
        check_definition(&self.user_attributes, &a)?;
        self.user_attributes.push(a.clone());
        Ok(a)
    }

    pub(crate) fn delete_user_attribute(&mut self, name: &str) -> Result<(), Fault> {
        let before = self.user_attributes.len();
        self.user_attributes.retain(|a| a.attribute_name != name);
        if self.user_attributes.len() == before {
            return Err(Fault::not_found(
                "attribute_not_found",
                format!("no user attribute is named {name:?}"),
            ));
        }
        for t in &mut self.tenants {
            for m in &mut t.members {
                m.attributes.remove(name);
            }
        }
        Ok(())
    }

    pub(crate) fn create_saas_user_attribute(
        &mut self,
        a: types::Attribute,
    ) -> Result<types::Attribute, Fault> {
        check_definition(&self.saas_user_attributes, &a)?;
        self.saas_user_attributes.push(a.clone());
        Ok(a)
    }

    pub(crate) fn get_tenant_attributes(&self) -> types::TenantAttributes {
        types::TenantAttributes {
            tenant_attributes: self.tenant_attributes.clone(),
        }
    }

    pub(crate) fn create_tenant_attribute(
        &mut self,
        a: types::Attribute,
    ) -> Result<types::Attribute, Fault> {
        check_definition(&self.tenant_attributes, &a)?;
        self.tenant_attributes.push(a.clone());
        Ok(a)
    }

    pub(crate) fn delete_tenant_attribute(&mut self, name: &str) -> Result<(), Fault> {
        let before = self.tenant_attributes.len();
        self.tenant_attributes.retain(|a| a.attribute_name != name);
        if self.tenant_attributes.len() == before {
            return Err(Fault::not_found(
                "attribute_not_found",
                format!("no tenant attribute is named {name:?}"),
            ));
        }
        for t in &mut self.tenants {
            t.tenant.attributes.remove(name);
        }
        Ok(())
    }

    // ---- tenants -----------------------------------------------------------

    pub(crate) fn tenant(&self, id: &str) -> Result<&TenantRec, Fault> {
        self.tenants
            .iter()
            .find(|t| *t.tenant.id == id)
            .ok_or_else(|| tenant_not_found(id))
    }

    pub(crate) fn tenant_mut(&mut self, id: &str) -> Result<&mut TenantRec, Fault> {
        self.tenants
            .iter_mut()
            .find(|t| *t.tenant.id == id)
            .ok_or_else(|| tenant_not_found(id))
    }

    /// Adds a tenant (its id must be new).
    pub(crate) fn insert_tenant(&mut self, tenant: types::Tenant) {
        let now = self.now();
        self.tenants.push(TenantRec {
            tenant,
            members: Vec::new(),
            identity_provider: None,
            recorded_count: (0, now),
        });
    }

    pub(crate) fn get_tenants(&self) -> types::Tenants {
        types::Tenants {
            tenants: self.tenants.iter().map(|t| t.tenant.clone()).collect(),
        }
    }

    fn check_tenant_props(&self, p: &types::TenantProps) -> Result<(), Fault> {
        if p.name.is_empty() {
            return Err(Fault::invalid(
                "invalid_parameter",
                "the tenant name must not be empty",
            ));
        }
        check_attributes(&self.tenant_attributes, &p.attributes, "tenant")
    }

    pub(crate) fn create_tenant(&mut self, p: types::TenantProps) -> Result<types::Tenant, Fault> {
        self.check_tenant_props(&p)?;
        let mut attributes = Attributes::new();
        merge_attributes(&mut attributes, p.attributes);
        let tenant = types::Tenant {
            attributes,
            back_office_staff_email: p.back_office_staff_email,
            billing_info: None,
            delete_usage: None,
            id: types::Uuid(new_uuid()),
            name: p.name,
            next_plan_id: None,
            next_plan_tax_rate_id: None,
            plan_histories: Vec::new(),
            plan_id: None,
            proration_behavior: None,
            using_next_plan_from: None,
        };
        self.insert_tenant(tenant.clone());
        Ok(tenant)
    }

    pub(crate) fn get_tenant(&self, id: &str) -> Result<types::TenantDetail, Fault> {
        let t = self.tenant(id)?.tenant.clone();
        let start = t.plan_histories.last().map(|h| h.plan_applied_at);
        Ok(types::TenantDetail {
            attributes: t.attributes,
            back_office_staff_email: t.back_office_staff_email,
            billing_info: t.billing_info,
            current_plan_period_end: start.map(|s| s + 30 * 24 * 3600),
            current_plan_period_start: start,
            delete_usage: t.delete_usage,
            id: t.id,
            name: t.name,
            next_plan_id: t.next_plan_id,
            next_plan_tax_rate_id: t.next_plan_tax_rate_id,
            plan_histories: t.plan_histories,
            plan_id: t.plan_id,
            proration_behavior: t.proration_behavior,
            using_next_plan_from: t.using_next_plan_from,
        })
    }

    pub(crate) fn update_tenant(&mut self, id: &str, p: types::TenantProps) -> Result<(), Fault> {
        self.tenant(id)?;
        self.check_tenant_props(&p)?;
        let t = &mut self.tenant_mut(id)?.tenant;
        t.name = p.name;
        t.back_office_staff_email = p.back_office_staff_email;
        merge_attributes(&mut t.attributes, p.attributes);
        Ok(())
    }

    pub(crate) fn delete_tenant(&mut self, id: &str) -> Result<(), Fault> {
        self.tenant(id)?;
        self.tenants.retain(|t| *t.tenant.id != id);
        self.invitations.retain(|i| i.tenant_id != id);
        self.marketplace_tenants.remove(id);
        Ok(())
    }

    /// Applies a plan reservation: with no `using_next_plan_from`, or one
    /// already past, the next plan applies at once (and joins the plan
    /// history); a later one is kept as a reservation; no `next_plan_id`
    /// cancels the reservation.
    pub(crate) fn update_tenant_plan(
        &mut self,
        id: &str,
        p: types::PlanReservation,
    ) -> Result<(), Fault> {
        let now = self.now();
        if p.using_next_plan_from.is_some_and(|t| t < 0) {
            return Err(Fault::invalid(
                "invalid_parameter",
                "using_next_plan_from must not be negative",
            ));
        }
        let t = &mut self.tenant_mut(id)?.tenant;
        match (&p.next_plan_id, p.using_next_plan_from) {
            (None, _) => {
                t.next_plan_id = None;
                t.next_plan_tax_rate_id = None;
                t.using_next_plan_from = None;
                t.proration_behavior = None;
                t.delete_usage = None;
            }
            (Some(plan), when) if when.is_none_or(|w| w <= now) => {
                t.plan_id = Some(plan.clone());
                t.plan_histories.push(types::PlanHistory {
                    delete_usage: p.delete_usage,
                    plan_applied_at: now,
                    plan_id: plan.clone(),
                    proration_behavior: p.proration_behavior,
                    tax_rate_id: p.next_plan_tax_rate_id,
                });
                t.next_plan_id = None;
                t.next_plan_tax_rate_id = None;
                t.using_next_plan_from = None;
                t.proration_behavior = None;
                t.delete_usage = None;
            }
            (Some(plan), when) => {
                t.next_plan_id = Some(plan.clone());
                t.next_plan_tax_rate_id = p.next_plan_tax_rate_id;
                t.using_next_plan_from = when;
                t.proration_behavior = p.proration_behavior;
                t.delete_usage = p.delete_usage;
            }
        }
        Ok(())
    }

    pub(crate) fn update_tenant_billing_info(
        &mut self,
        id: &str,
        p: types::BillingInfo,
    ) -> Result<(), Fault> {
        if p.name.is_empty() {
            return Err(Fault::invalid(
                "invalid_parameter",
                "the billing name must not be empty",
            ));
        }
        self.tenant_mut(id)?.tenant.billing_info = Some(p);
        Ok(())
    }

    pub(crate) fn get_tenant_identity_providers(
        &self,
        id: &str,
    ) -> Result<types::TenantIdentityProviders, Fault> {
        Ok(types::TenantIdentityProviders {
            saml: self.tenant(id)?.identity_provider.clone(),
        })
    }

    pub(crate) fn update_tenant_identity_provider(
        &mut self,
        id: &str,
        p: types::UpdateTenantIdentityProviderParam,
    ) -> Result<(), Fault> {
        if p.provider_type != types::ProviderType::Saml {
            return Err(Fault::invalid(
                "invalid_parameter",
                "SAML is the only provider type",
            ));
        }
        let t = self.tenant_mut(id)?;
        t.identity_provider =
            p.identity_provider_props
                .map(|props| types::TenantIdentityProvidersSaml {
                    email_attribute: props.0.email_attribute,
                    metadata_url: props.0.metadata_url,
                    sign_in_url: format!("https://auth.saasus-emulator.invalid/saml/{id}/sign-in"),
                });
        Ok(())
    }

    // ---- tenant users ------------------------------------------------------

    /// The envs a member holds roles in, with the roles, in env id order.
    fn member_envs(&self, m: &Member) -> Vec<types::UserAvailableEnv> {
        m.roles
            .iter()
            .filter(|(_, roles)| !roles.is_empty())
            .filter_map(|(env_id, roles)| {
                let env = self.envs.get(env_id)?;
                Some(types::UserAvailableEnv {
                    display_name: env.display_name.clone(),
                    id: env.id.clone(),
                    name: env.name.clone(),
                    roles: roles
                        .iter()
                        .filter_map(|r| self.roles.iter().find(|x| x.role_name == *r).cloned())
                        .collect(),
                })
            })
            .collect()
    }

    /// The tenant user of member `m` of tenant `t`.
    fn tenant_user(&self, t: &TenantRec, m: &Member) -> types::User {
        let (email, sign_in_id) = self
            .user(&m.user_id)
            .map(|u| (u.email.clone(), u.sign_in_id.clone()))
            .unwrap_or_default();
        types::User {
            attributes: m.attributes.clone(),
            email,
            envs: self
                .member_envs(m)
                .into_iter()
                .map(types::UserEnv)
                .collect(),
            id: m.user_id.clone(),
            sign_in_id,
            tenant_id: t.tenant.id.clone(),
            tenant_name: t.tenant.name.clone(),
        }
    }

    /// The tenants `user_id` belongs to, for `UserInfo`.
    pub(crate) fn available_tenants(&self, user_id: &str) -> Vec<types::UserAvailableTenant> {
        self.tenants
            .iter()
            .filter_map(|t| {
                let m = t.members.iter().find(|m| m.user_id == user_id)?;
                Some(types::UserAvailableTenant {
                    back_office_staff_email: t.tenant.back_office_staff_email.clone(),
                    completed_sign_up: true,
                    envs: self.member_envs(m),
                    id: t.tenant.id.clone(),
                    is_paid: Some(t.tenant.plan_id.is_some()),
                    name: t.tenant.name.clone(),
                    plan_id: t.tenant.plan_id.clone(),
                    user_attribute: m.attributes.clone(),
                })
            })
            .collect()
    }

    /// Removes every membership of `user_id` (the SaaS user is gone).
    pub(crate) fn remove_memberships_of(&mut self, user_id: &str) {
        let now = self.now();
        for t in &mut self.tenants {
            let before = t.members.len();
            t.members.retain(|m| m.user_id != user_id);
            if t.members.len() != before {
                t.recorded_count = (t.members.len() as i64, now);
            }
        }
    }

    fn member(&self, tenant_id: &str, user_id: &str) -> Result<(&TenantRec, &Member), Fault> {
        let t = self.tenant(tenant_id)?;
        let m = t
            .members
            .iter()
            .find(|m| m.user_id == user_id)
            .ok_or_else(|| member_not_found(tenant_id, user_id))?;
        Ok((t, m))
    }

    fn member_mut(&mut self, tenant_id: &str, user_id: &str) -> Result<&mut Member, Fault> {
        self.tenant_mut(tenant_id)?
            .members
            .iter_mut()
            .find(|m| m.user_id == user_id)
            .ok_or_else(|| member_not_found(tenant_id, user_id))
    }

    fn all_tenant_users(&self) -> Vec<types::User> {
        self.tenants
            .iter()
            .flat_map(|t| t.members.iter().map(move |m| self.tenant_user(t, m)))
            .collect()
    }

    pub(crate) fn get_all_tenant_users(&self) -> types::Users {
        types::Users {
            users: self.all_tenant_users(),
        }
    }

    pub(crate) fn get_all_tenant_users_count(&self) -> types::TenantUsersCounts {
        types::TenantUsersCounts {
            tenant_user_counts: self
                .tenants
                .iter()
                .map(|t| types::TenantUserCount {
                    count: t.recorded_count.0,
                    tenant_id: t.tenant.id.clone(),
                    updated_at: t.recorded_count.1,
                })
                .collect(),
        }
    }

    pub(crate) fn save_tenant_users_counts(
        &mut self,
        p: types::SaveTenantUsersCountsParam,
    ) -> Result<(), Fault> {
        let now = self.now();
        for c in &p.tenant_user_counts {
            self.tenant(&c.tenant_id)?;
            i64::try_from(c.count)
                .map_err(|_| Fault::invalid("invalid_parameter", "the count is too large"))?;
        }
        for c in p.tenant_user_counts {
            self.tenant_mut(&c.tenant_id)?.recorded_count = (c.count as i64, now);
        }
        Ok(())
    }

    pub(crate) fn search_tenant_users(
        &self,
        q: TenantUserSearch,
    ) -> Result<types::SearchTenantUsersResult, Fault> {
        let limit = search_limit(q.limit.as_deref())? as usize;
        let env_id = match q.env_id.as_deref() {
            None => None,
            Some(s) => Some(s.parse::<i64>().map_err(|_| {
                Fault::invalid(
                    "invalid_parameter",
                    format!("env_id {s:?} is not an integer"),
                )
            })?),
        };
        let start = search_cursor(q.cursor.as_deref())? as usize;
        let matches = |u: &types::User| {
            q.tenant_id.as_deref().is_none_or(|t| *u.tenant_id == t)
                && q.id.as_deref().is_none_or(|id| u.id == id)
                && q.email
                    .as_deref()
                    .is_none_or(|e| u.email.eq_ignore_ascii_case(e))
                && q.sign_in_id.as_deref().is_none_or(|s| u.sign_in_id == s)
                && env_id.is_none_or(|e| u.envs.iter().any(|env| env.0.id.0 == e))
                && q.role_name.as_deref().is_none_or(|r| {
                    u.envs.iter().any(|env| {
                        env_id.is_none_or(|e| env.0.id.0 == e)
                            && env.0.roles.iter().any(|x| x.role_name == r)
                    })
                })
        };
        let all: Vec<types::User> = self.all_tenant_users();
        let mut users = Vec::new();
        let mut cursor = None;
        for (i, u) in all.into_iter().enumerate().skip(start) {
            if !matches(&u) {
                continue;
            }
            if users.len() == limit {
                cursor = Some(format!("{CURSOR_PREFIX}{i}"));
                break;
            }
            users.push(u);
        }
        Ok(types::SearchTenantUsersResult { cursor, users })
    }

    pub(crate) fn get_all_tenant_user(&self, user_id: &str) -> Result<types::Users, Fault> {
        self.user(user_id)?;
        Ok(types::Users {
            users: self
                .all_tenant_users()
                .into_iter()
                .filter(|u| u.id == user_id)
                .collect(),
        })
    }

    pub(crate) fn get_tenant_users(&self, tenant_id: &str) -> Result<types::Users, Fault> {
        let t = self.tenant(tenant_id)?;
        Ok(types::Users {
            users: t.members.iter().map(|m| self.tenant_user(t, m)).collect(),
        })
    }

    /// Adds the existing SaaS user with this email (or sign-in id) to the
    /// tenant.
    pub(crate) fn create_tenant_user(
        &mut self,
        tenant_id: &str,
        p: types::CreateTenantUserParam,
    ) -> Result<types::User, Fault> {
        self.tenant(tenant_id)?;
        let email = p.email.unwrap_or_default();
        let sign_in_id = p.sign_in_id.unwrap_or_default();
        let user_id = self
            .users
            .values()
            .find(|u| {
                (!email.is_empty() && u.email.eq_ignore_ascii_case(&email))
                    || (email.is_empty() && !sign_in_id.is_empty() && u.sign_in_id == sign_in_id)
            })
            .map(|u| u.id.clone())
            .ok_or_else(|| {
                Fault::not_found(
                    "user_not_found",
                    "no SaaS user has this email address or sign-in ID (create it first)",
                )
            })?;
        check_attributes(&self.user_attributes, &p.attributes, "user")?;
        if self.member(tenant_id, &user_id).is_ok() {
            return Err(Fault::invalid(
                "tenant_user_already_exists",
                "the user is already a user of this tenant",
            ));
        }
        let mut attributes = Attributes::new();
        merge_attributes(&mut attributes, p.attributes);
        self.add_member(tenant_id, &user_id, attributes)?;
        self.get_tenant_user(tenant_id, &user_id)
    }

    fn add_member(
        &mut self,
        tenant_id: &str,
        user_id: &str,
        attributes: Attributes,
    ) -> Result<(), Fault> {
        let now = self.now();
        let t = self.tenant_mut(tenant_id)?;
        t.members.push(Member {
            user_id: user_id.to_string(),
            attributes,
            roles: Default::default(),
        });
        t.recorded_count = (t.members.len() as i64, now);
        Ok(())
    }

    pub(crate) fn get_tenant_user(
        &self,
        tenant_id: &str,
        user_id: &str,
    ) -> Result<types::User, Fault> {
        let (t, m) = self.member(tenant_id, user_id)?;
        Ok(self.tenant_user(t, m))
    }

    pub(crate) fn update_tenant_user(
        &mut self,
        tenant_id: &str,
        user_id: &str,
        p: types::UpdateTenantUserParam,
    ) -> Result<(), Fault> {
        self.member(tenant_id, user_id)?;
        check_attributes(&self.user_attributes, &p.attributes, "user")?;
        merge_attributes(
            &mut self.member_mut(tenant_id, user_id)?.attributes,
            p.attributes,
        );
        Ok(())
    }

    pub(crate) fn delete_tenant_user(
        &mut self,
        tenant_id: &str,
        user_id: &str,
    ) -> Result<(), Fault> {
        self.member(tenant_id, user_id)?;
        let now = self.now();
        let t = self.tenant_mut(tenant_id)?;
        t.members.retain(|m| m.user_id != user_id);
        t.recorded_count = (t.members.len() as i64, now);
        Ok(())
    }

    pub(crate) fn check_env_roles(&self, env_id: i64, role_names: &[String]) -> Result<(), Fault> {
        if !self.envs.contains_key(&env_id) {
            return Err(Fault::not_found(
                "env_not_found",
                format!("no env has the ID {env_id}"),
            ));
        }
        for r in role_names {
            if !self.roles.iter().any(|x| x.role_name == *r) {
                return Err(Fault::not_found(
                    "role_not_found",
                    format!("no role is named {r:?}"),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn create_tenant_user_roles(
        &mut self,
        tenant_id: &str,
        user_id: &str,
        env_id: i64,
        p: types::CreateTenantUserRolesParam,
    ) -> Result<(), Fault> {
        self.member(tenant_id, user_id)?;
        self.check_env_roles(env_id, &p.role_names)?;
        let held = self
            .member_mut(tenant_id, user_id)?
            .roles
            .entry(env_id)
            .or_default();
        for r in p.role_names {
            if !held.contains(&r) {
                held.push(r);
            }
        }
        Ok(())
    }

    pub(crate) fn delete_tenant_user_role(
        &mut self,
        tenant_id: &str,
        user_id: &str,
        env_id: i64,
        role_name: &str,
    ) -> Result<(), Fault> {
        let m = self.member_mut(tenant_id, user_id)?;
        let held = m.roles.get_mut(&env_id);
        match held {
            Some(roles) if roles.iter().any(|r| r == role_name) => {
                roles.retain(|r| r != role_name);
                Ok(())
            }
            _ => Err(Fault::not_found(
                "role_not_found",
                format!("the user does not hold the role {role_name:?} in the env {env_id}"),
            )),
        }
    }

    // ---- roles ---------------------------------------------------------------

    pub(crate) fn get_roles(&self) -> types::Roles {
        types::Roles {
            roles: self.roles.clone(),
        }
    }

    pub(crate) fn create_role(&mut self, r: types::Role) -> Result<types::Role, Fault> {
        if r.role_name.is_empty() {
            return Err(Fault::invalid(
                "invalid_parameter",
                "the role name must not be empty",
            ));
        }
        if self.roles.iter().any(|x| x.role_name == r.role_name) {
            return Err(Fault::invalid(
                "role_already_exists",
                format!("the role {:?} already exists", r.role_name),
            ));
        }
        self.roles.push(r.clone());
        Ok(r)
    }

    fn role_not_found(name: &str) -> Fault {
        Fault::not_found("role_not_found", format!("no role is named {name:?}"))
    }

    pub(crate) fn update_role(
        &mut self,
        name: &str,
        p: types::UpdateRoleParam,
    ) -> Result<(), Fault> {
        if p.display_name.is_empty() {
            return Err(Fault::invalid(
                "invalid_parameter",
                "the display name must not be empty",
            ));
        }
        let role = self
            .roles
            .iter_mut()
            .find(|r| r.role_name == name)
            .ok_or_else(|| Self::role_not_found(name))?;
        role.display_name = p.display_name;
        Ok(())
    }

    /// Deletes a role and every assignment of it.
    pub(crate) fn delete_role(&mut self, name: &str) -> Result<(), Fault> {
        if !self.roles.iter().any(|r| r.role_name == name) {
            return Err(Self::role_not_found(name));
        }
        self.roles.retain(|r| r.role_name != name);
        for t in &mut self.tenants {
            for m in &mut t.members {
                for roles in m.roles.values_mut() {
                    roles.retain(|r| r != name);
                }
            }
        }
        Ok(())
    }

    // ---- envs ------------------------------------------------------------------

    pub(crate) fn get_envs(&self) -> types::Envs {
        types::Envs {
            envs: self.envs.values().cloned().collect(),
        }
    }

    pub(crate) fn create_env(&mut self, e: types::Env) -> Result<types::Env, Fault> {
        if e.name.is_empty() {
            return Err(Fault::invalid(
                "invalid_parameter",
                "the env name must not be empty",
            ));
        }
        if self.envs.contains_key(&e.id.0) {
            return Err(Fault::invalid(
                "env_already_exists",
                format!("an env with the ID {} already exists", e.id.0),
            ));
        }
        self.envs.insert(e.id.0, e.clone());
        Ok(e)
    }

    fn env_not_found(id: i64) -> Fault {
        Fault::not_found("env_not_found", format!("no env has the ID {id}"))
    }

    pub(crate) fn get_env(&self, id: i64) -> Result<types::Env, Fault> {
        self.envs
            .get(&id)
            .cloned()
            .ok_or_else(|| Self::env_not_found(id))
    }

    pub(crate) fn update_env(&mut self, id: i64, p: types::UpdateEnvParam) -> Result<(), Fault> {
        let env = self
            .envs
            .get_mut(&id)
            .ok_or_else(|| Self::env_not_found(id))?;
        env.name = p.name;
        env.display_name = p.display_name;
        Ok(())
    }

    /// Deletes an env and every role assignment in it.
    pub(crate) fn delete_env(&mut self, id: i64) -> Result<(), Fault> {
        self.envs
            .remove(&id)
            .ok_or_else(|| Self::env_not_found(id))?;
        for t in &mut self.tenants {
            for m in &mut t.members {
                m.roles.remove(&id);
            }
        }
        Ok(())
    }

    // ---- invitations ---------------------------------------------------------

    /// The invitation, with its status brought up to date.
    fn invitation_view(&self, rec: &InvitationRec) -> types::Invitation {
        let mut inv = rec.invitation.clone();
        if inv.status == types::InvitationStatus::Pending && inv.expired_at <= self.now() {
            inv.status = types::InvitationStatus::Expired;
        }
        inv
    }

    fn invitation_rec(&self, id: &str) -> Result<&InvitationRec, Fault> {
        self.invitations
            .iter()
            .find(|i| *i.invitation.id == id)
            .ok_or_else(|| {
                Fault::not_found(
                    "invitation_not_found",
                    format!("no invitation has the ID {id:?}"),
                )
            })
    }

    pub(crate) fn get_tenant_invitations(
        &self,
        tenant_id: &str,
    ) -> Result<types::Invitations, Fault> {
        self.tenant(tenant_id)?;
        Ok(types::Invitations {
            invitations: self
                .invitations
                .iter()
                .filter(|i| i.tenant_id == tenant_id)
                .map(|i| self.invitation_view(i))
                .collect(),
        })
    }

    pub(crate) fn create_tenant_invitation(
        &mut self,
        tenant_id: &str,
        p: types::CreateTenantInvitationParam,
    ) -> Result<types::Invitation, Fault> {
        self.tenant(tenant_id)?;
        self.token_owner(&p.access_token, TokenUse::Access)
            .ok_or_else(|| {
                Fault::rejected("invalid_access_token", "the access token is not valid")
            })?;
        super::users::check_email(&p.email)?;
        let mut envs = Vec::new();
        for e in &p.envs {
            self.check_env_roles(e.id.0, &e.role_names)
                .map_err(|f| Fault::invalid(f.error_type, f.message))?;
            let env = self.get_env(e.id.0)?;
            envs.push(types::UserEnv(types::UserAvailableEnv {
                display_name: env.display_name,
                id: env.id,
                name: env.name,
                roles: e
                    .role_names
                    .iter()
                    .filter_map(|r| self.roles.iter().find(|x| x.role_name == *r).cloned())
                    .collect(),
            }));
        }
        let id = new_uuid();
        let invitation = types::Invitation {
            email: p.email,
            envs,
            expired_at: self.now() + INVITATION_TTL_SECS,
            id: types::Uuid(id.clone()),
            // The shape the contract's example shows for the real API:
            // the hosted auth domain's `/invite` page, the id in `id`.
            invitation_url: format!(
                "https://auth.{}/invite?id={id}",
                super::settings::DEFAULT_DOMAIN_NAME
            ),
            status: types::InvitationStatus::Pending,
        };
        self.invitations.push(InvitationRec {
            tenant_id: tenant_id.to_string(),
            invitation: invitation.clone(),
        });
        self.send_with_link(
            &invitation.email,
            super::users::EmailKind::Invitation,
            &id,
            Some(invitation.invitation_url.clone()),
        );
        Ok(invitation)
    }

    pub(crate) fn get_tenant_invitation(
        &self,
        tenant_id: &str,
        id: &str,
    ) -> Result<types::Invitation, Fault> {
        self.tenant(tenant_id)?;
        let rec = self.invitation_rec(id)?;
        if rec.tenant_id != tenant_id {
            return Err(self.invitation_rec("").unwrap_err());
        }
        Ok(self.invitation_view(rec))
    }

    pub(crate) fn delete_tenant_invitation(
        &mut self,
        tenant_id: &str,
        id: &str,
    ) -> Result<(), Fault> {
        self.get_tenant_invitation(tenant_id, id)?;
        self.invitations.retain(|i| *i.invitation.id != id);
        Ok(())
    }

    pub(crate) fn get_invitation_validity(
        &self,
        id: &str,
    ) -> Result<types::InvitationValidity, Fault> {
        let inv = self.invitation_view(self.invitation_rec(id)?);
        Ok(types::InvitationValidity {
            is_valid: inv.status == types::InvitationStatus::Pending,
        })
    }

    /// Accepts an invitation: the invited person is the holder of
    /// `access_token` (an existing user with the invited email), or signs
    /// up with `email` and `password` (a new SaaS user), or, when a user
    /// with that email exists, confirms with its password. They join the
    /// tenant with the invited roles.
    pub(crate) fn validate_invitation(
        &mut self,
        id: &str,
        p: types::ValidateInvitationParam,
    ) -> Result<(), Fault> {
        let rec = self.invitation_rec(id)?;
        let tenant_id = rec.tenant_id.clone();
        let inv = self.invitation_view(rec);
        if inv.status != types::InvitationStatus::Pending {
            return Err(Fault::invalid(
                "invitation_not_valid",
                format!("the invitation is {}", inv.status),
            ));
        }
        let user_id = if let Some(token) = &p.access_token {
            let u = self.user_for_token(token)?;
            if !u.email.eq_ignore_ascii_case(&inv.email) {
                return Err(Fault::invalid(
                    "email_mismatch",
                    "the access token belongs to another email address than the invited one",
                ));
            }
            u.id.clone()
        } else {
            let (Some(email), Some(password)) = (&p.email, &p.password) else {
                return Err(Fault::invalid(
                    "invalid_parameter",
                    "give an access token, or an email address and a password",
                ));
            };
            if !email.eq_ignore_ascii_case(&inv.email) {
                return Err(Fault::invalid(
                    "email_mismatch",
                    "the email address is not the invited one",
                ));
            }
            match self.user_by_email(email) {
                Some(u) if u.password.matches(password) => u.id.clone(),
                Some(_) => {
                    return Err(Fault::invalid(
                        "not_authorized",
                        "incorrect email address or password",
                    ))
                }
                None => {
                    let now = self.now();
                    self.insert_user(email.clone(), String::new(), Some(password.clone()), now)?
                        .id
                        .clone()
                }
            }
        };
        if self.member(&tenant_id, &user_id).is_err() {
            self.add_member(&tenant_id, &user_id, Attributes::new())?;
        }
        for env in &inv.envs {
            let role_names = env.0.roles.iter().map(|r| r.role_name.clone()).collect();
            // Roles or envs deleted since the invitation are skipped.
            let _ = self.create_tenant_user_roles(
                &tenant_id,
                &user_id,
                env.0.id.0,
                types::CreateTenantUserRolesParam { role_names },
            );
        }
        if let Some(rec) = self.invitations.iter_mut().find(|i| *i.invitation.id == id) {
            rec.invitation.status = types::InvitationStatus::Accepted;
        }
        Ok(())
    }
}
