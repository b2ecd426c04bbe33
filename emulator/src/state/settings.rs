//! Settings: basic info, notification messages, customized pages, auth
//! info, identity providers, sign-in settings, single-tenant settings and
//! the Stripe link. Every setting starts with a documented default and
//! reads back what was last written.

use saasus_auth::types;

use super::Store;
use crate::error::Fault;

/// The default domain of the emulated SaaS.
pub const DEFAULT_DOMAIN_NAME: &str = "saasus-emulator.invalid";

fn template(subject: &str) -> types::MessageTemplate {
    types::MessageTemplate {
        message: format!("{subject}: {{####}}"),
        subject: subject.to_string(),
    }
}

fn page() -> types::CustomizePageProps {
    types::CustomizePageProps {
        html_contents: String::new(),
        is_privacy_policy: false,
        is_terms_of_service: false,
    }
}

fn cname(name: &str, value: &str) -> types::DnsRecord {
    types::DnsRecord {
        name: name.to_string(),
        type_: types::DnsRecordType::Cname,
        value: value.to_string(),
    }
}

/// Every setting (in a snapshot, each one missing keeps its default).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Settings {
    basic_info: types::BasicInfo,
    notification_messages: types::NotificationMessages,
    customize_pages: types::CustomizePages,
    customize_page_settings: types::CustomizePageSettings,
    auth_info: types::AuthInfo,
    google: types::IdentityProviderProps,
    sign_in: types::SignInSettings,
    single_tenant: types::SingleTenantSettings,
    stripe_connected: bool,
}

impl Settings {
    /// The callback URL of the hosted sign-in page (UpdateAuthInfo); empty
    /// when none is set.
    pub(crate) fn callback_url(&self) -> &str {
        &self.auth_info.callback_url
    }

    /// Sets the callback URL.
    pub(crate) fn set_callback_url(&mut self, url: String) {
        self.auth_info.callback_url = url;
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            basic_info: basic_info("", "", "", ""),
            notification_messages: types::NotificationMessages {
                authentication_mfa: template("Your authentication code"),
                create_user: template("Your temporary password"),
                forgot_password: template("Your password reset code"),
                invite_tenant_user: template("You are invited"),
                resend_code: template("Your verification code"),
                sign_up: template("Your verification code"),
                update_user_attribute: template("Your verification code"),
                verify_external_user: template("Your verification code"),
                verify_user_attribute: template("Your verification code"),
            },
            customize_pages: types::CustomizePages {
                password_reset_page: page(),
                sign_in_page: page(),
                sign_up_page: page(),
            },
            customize_page_settings: types::CustomizePageSettings {
                favicon: String::new(),
                google_tag_manager_container_id: String::new(),
                icon: String::new(),
                is_sign_in_id_enabled: Some(false),
                privacy_policy_url: String::new(),
                terms_of_service_url: String::new(),
                title: String::new(),
            },
            auth_info: types::AuthInfo {
                callback_url: String::new(),
            },
            google: types::IdentityProviderProps {
                application_id: String::new(),
                application_secret: String::new(),
                approval_scope: String::new(),
                is_button_hidden: Some(false),
            },
            sign_in: types::SignInSettings {
                account_verification: types::AccountVerification {
                    sending_to: types::AccountVerificationSendingTo::Email,
                    verification_method: types::AccountVerificationVerificationMethod::Code,
                },
                device_configuration: types::DeviceConfiguration {
                    device_remembering: types::DeviceConfigurationDeviceRemembering::No,
                },
                identity_provider_configuration: types::IdentityProviderConfiguration {
                    domain: format!("auth.{DEFAULT_DOMAIN_NAME}"),
                    entity_id: format!("urn:amazon:cognito:sp:{DEFAULT_DOMAIN_NAME}"),
                    redirect_url: format!("https://auth.{DEFAULT_DOMAIN_NAME}/oauth2/idpresponse"),
                    reply_url: format!("https://auth.{DEFAULT_DOMAIN_NAME}/saml2/idpresponse"),
                },
                mfa_configuration: types::MfaConfiguration {
                    mfa_configuration: types::MfaConfigurationMfaConfiguration::Optional,
                },
                password_policy: types::PasswordPolicy {
                    is_require_lowercase: false,
                    is_require_numbers: false,
                    is_require_symbols: false,
                    is_require_uppercase: false,
                    minimum_length: 8,
                    temporary_password_validity_days: 7,
                },
                recaptcha_props: types::RecaptchaProps {
                    secret_key: String::new(),
                    site_key: String::new(),
                },
                self_regist: types::SelfRegist { enable: false },
            },
            single_tenant: types::SingleTenantSettings {
                cloudformation_template_url: String::new(),
                ddl_template_url: String::new(),
                enabled: false,
                role_arn: String::new(),
                role_external_id: String::new(),
            },
            stripe_connected: false,
        }
    }
}

/// The basic info for a domain: DNS records derived from it.
fn basic_info(domain: &str, from: &str, reply: &str, default_from: &str) -> types::BasicInfo {
    let records = !domain.is_empty();
    let rec = |name: String, value: String| {
        if records {
            cname(&name, &value)
        } else {
            cname("", "")
        }
    };
    types::BasicInfo {
        certificate_dns_record: rec(
            format!("_acme.{domain}"),
            format!("_acme.validations.{DEFAULT_DOMAIN_NAME}"),
        ),
        cloud_front_dns_record: rec(
            format!("auth.{domain}"),
            format!("cdn.{DEFAULT_DOMAIN_NAME}"),
        ),
        default_domain_name: DEFAULT_DOMAIN_NAME.to_string(),
        dkim_dns_records: if records {
            (1..=3)
                .map(|i| {
                    cname(
                        &format!("dkim{i}._domainkey.{domain}"),
                        &format!("dkim{i}.{DEFAULT_DOMAIN_NAME}"),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        domain_name: domain.to_string(),
        from_email_address: if from.is_empty() {
            default_from.to_string()
        } else {
            from.to_string()
        },
        is_dns_validated: false,
        is_ses_sandbox_granted: false,
        reply_email_address: reply.to_string(),
    }
}

impl Store {
    pub(crate) fn get_basic_info(&self) -> types::BasicInfo {
        self.settings.basic_info.clone()
    }

    pub(crate) fn update_basic_info(
        &mut self,
        p: types::UpdateBasicInfoParam,
    ) -> Result<(), Fault> {
        if !p.from_email_address.is_empty() {
            super::users::check_email(&p.from_email_address)?;
        }
        self.settings.basic_info = basic_info(
            &p.domain_name,
            &p.from_email_address,
            &p.reply_email_address.unwrap_or_default(),
            "",
        );
        Ok(())
    }

    pub(crate) fn find_notification_messages(&self) -> types::NotificationMessages {
        self.settings.notification_messages.clone()
    }

    pub(crate) fn update_notification_messages(
        &mut self,
        p: types::UpdateNotificationMessagesParam,
    ) {
        let m = &mut self.settings.notification_messages;
        let set = |slot: &mut types::MessageTemplate, v: Option<types::MessageTemplate>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut m.authentication_mfa, p.authentication_mfa);
        set(&mut m.create_user, p.create_user);
        set(&mut m.forgot_password, p.forgot_password);
        set(&mut m.invite_tenant_user, p.invite_tenant_user);
        set(&mut m.resend_code, p.resend_code);
        set(&mut m.sign_up, p.sign_up);
        set(&mut m.update_user_attribute, p.update_user_attribute);
        set(&mut m.verify_external_user, p.verify_external_user);
        set(&mut m.verify_user_attribute, p.verify_user_attribute);
    }

    pub(crate) fn get_customize_pages(&self) -> types::CustomizePages {
        self.settings.customize_pages.clone()
    }

    pub(crate) fn update_customize_pages(&mut self, p: types::UpdateCustomizePagesParam) {
        let c = &mut self.settings.customize_pages;
        if let Some(v) = p.password_reset_page {
            c.password_reset_page = v;
        }
        if let Some(v) = p.sign_in_page {
            c.sign_in_page = v;
        }
        if let Some(v) = p.sign_up_page {
            c.sign_up_page = v;
        }
    }

    pub(crate) fn get_customize_page_settings(&self) -> types::CustomizePageSettings {
        self.settings.customize_page_settings.clone()
    }

    /// The icon and favicon are sent as image data and read back as URLs.
    pub(crate) fn update_customize_page_settings(
        &mut self,
        p: types::UpdateCustomizePageSettingsParam,
    ) {
        let url = |kind: &str, data: &str| {
            if data.is_empty() {
                String::new()
            } else {
                format!(
                    "https://assets.{DEFAULT_DOMAIN_NAME}/{kind}-{}.png",
                    data.len()
                )
            }
        };
        self.settings.customize_page_settings = types::CustomizePageSettings {
            favicon: url("favicon", &p.favicon),
            google_tag_manager_container_id: p.google_tag_manager_container_id,
            icon: url("icon", &p.icon),
            is_sign_in_id_enabled: p.is_sign_in_id_enabled,
            privacy_policy_url: p.privacy_policy_url,
            terms_of_service_url: p.terms_of_service_url,
            title: p.title,
        };
    }

    pub(crate) fn get_auth_info(&self) -> types::AuthInfo {
        self.settings.auth_info.clone()
    }

    pub(crate) fn update_auth_info(&mut self, p: types::AuthInfo) {
        self.settings.auth_info = p;
    }

    pub(crate) fn get_identity_providers(&self) -> types::IdentityProviders {
        types::IdentityProviders {
            google: self.settings.google.clone(),
        }
    }

    /// Without props, the provider is reset (turned off).
    pub(crate) fn update_identity_provider(&mut self, p: types::UpdateIdentityProviderParam) {
        // Google is the only provider the spec lists; the request
        // extractor refuses any other.
        let _ = p.provider;
        self.settings.google = p
            .identity_provider_props
            .unwrap_or_else(|| Settings::default().google);
    }

    pub(crate) fn get_sign_in_settings(&self) -> types::SignInSettings {
        self.settings.sign_in.clone()
    }

    pub(crate) fn update_sign_in_settings(&mut self, p: types::UpdateSignInSettingsParam) {
        let s = &mut self.settings.sign_in;
        if let Some(v) = p.account_verification {
            s.account_verification = v;
        }
        if let Some(v) = p.device_configuration {
            s.device_configuration = v;
        }
        if let Some(v) = p.mfa_configuration {
            s.mfa_configuration = v;
        }
        if let Some(v) = p.password_policy {
            s.password_policy = v;
        }
        if let Some(v) = p.recaptcha_props {
            s.recaptcha_props = v;
        }
        if let Some(v) = p.self_regist {
            s.self_regist = v;
        }
    }

    pub(crate) fn get_single_tenant_settings(&self) -> types::SingleTenantSettings {
        self.settings.single_tenant.clone()
    }

    /// The templates are sent as content and read back as URLs. Enabling
    /// needs a role ARN and external ID (400 otherwise).
    pub(crate) fn update_single_tenant_settings(
        &mut self,
        p: types::UpdateSingleTenantSettingsParam,
    ) -> Result<(), Fault> {
        let mut s = self.settings.single_tenant.clone();
        if let Some(v) = p.role_arn {
            s.role_arn = v;
        }
        if let Some(v) = p.role_external_id {
            s.role_external_id = v;
        }
        if let Some(v) = p.cloudformation_template {
            s.cloudformation_template_url = if v.is_empty() {
                String::new()
            } else {
                format!("https://assets.{DEFAULT_DOMAIN_NAME}/single-tenant/cloudformation.yaml")
            };
        }
        if let Some(v) = p.ddl_template {
            s.ddl_template_url = if v.is_empty() {
                String::new()
            } else {
                format!("https://assets.{DEFAULT_DOMAIN_NAME}/single-tenant/ddl.sql")
            };
        }
        if let Some(v) = p.enabled {
            s.enabled = v;
        }
        if s.enabled && (s.role_arn.is_empty() || s.role_external_id.is_empty()) {
            return Err(Fault::invalid(
                "invalid_parameter",
                "single-tenant mode needs role_arn and role_external_id",
            ));
        }
        self.settings.single_tenant = s;
        Ok(())
    }

    pub(crate) fn get_cloud_formation_launch_stack_link(
        &self,
    ) -> types::CloudFormationLaunchStackLink {
        let s = &self.settings.single_tenant;
        types::CloudFormationLaunchStackLink {
            link: format!(
                "https://console.aws.amazon.com/cloudformation/home#/stacks/create/review?stackName=SaaSusSingleTenant&param_ExternalId={}",
                s.role_external_id
            ),
        }
    }

    // ---- Stripe and plans ----------------------------------------------------

    pub(crate) fn create_tenant_and_pricing(&mut self) {
        self.settings.stripe_connected = true;
    }

    pub(crate) fn delete_stripe_tenant_and_pricing(&mut self) -> Result<(), Fault> {
        if !self.settings.stripe_connected {
            return Err(Fault::invalid(
                "stripe_not_connected",
                "Stripe is not connected",
            ));
        }
        self.settings.stripe_connected = false;
        Ok(())
    }

    /// Removes every tenant's plan, reservation and plan history.
    pub(crate) fn reset_plan(&mut self) {
        for t in &mut self.tenants {
            let t = &mut t.tenant;
            t.plan_id = None;
            t.plan_histories.clear();
            t.next_plan_id = None;
            t.next_plan_tax_rate_id = None;
            t.using_next_plan_from = None;
            t.proration_behavior = None;
            t.delete_usage = None;
        }
    }

    /// The tenant's Stripe customer, once Stripe is connected.
    pub(crate) fn get_stripe_customer(
        &self,
        tenant_id: &str,
    ) -> Result<types::StripeCustomer, Fault> {
        self.tenant(tenant_id)?;
        if !self.settings.stripe_connected {
            return Err(Fault::invalid(
                "stripe_not_connected",
                "Stripe is not connected (CreateTenantAndPricing)",
            ));
        }
        let compact: String = tenant_id.chars().filter(|c| *c != '-').collect();
        Ok(types::StripeCustomer {
            customer_id: format!("cus_{compact}"),
            subscription_schedule_id: format!("sub_sched_{compact}"),
        })
    }
}
