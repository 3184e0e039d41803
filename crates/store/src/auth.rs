//! Accounts, passwords (argon2id), sessions and API tokens, all in the database; login
//! throttling per account and per address from the recorded attempts, so several server
//! instances enforce one limit.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use jixiao_workflow::Role;
use serde::Serialize;

use crate::db::Value;
use crate::scope::{self, Scope};
use crate::{random_hex, sha256_hex, time, Store, StoreError};

/// Failed logins per account within the window before further attempts are refused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed logins per address within the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// The throttling window, seconds.
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// How long a session lasts, seconds.
pub const SESSION_LIFETIME: i64 = 12 * 3600;

fn argon(fast: bool) -> Argon2<'static> {
    let params = if fast {
        Params::new(1024, 1, 1, None)
    } else {
        // OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
        Params::new(19 * 1024, 2, 1, None)
    }
    .expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// An argon2id PHC string for a password.
pub fn hash_password(password: &str) -> String {
    hash_with(password, false)
}

fn hash_with(password: &str, fast: bool) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random source is available");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    argon(fast)
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with valid parameters cannot fail")
        .to_string()
}

/// Does the password match the PHC string? (Parameters are read from the string.)
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(h) => Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub scope: Scope,
    pub csrf_token: String,
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoginOk {
    /// The session id for the cookie (only its hash is stored).
    pub token: String,
    pub csrf_token: String,
    pub scope: Scope,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("用户名或密码错误")]
    Invalid,
    #[error("登录失败次数过多，请 {minutes} 分钟后再试")]
    Throttled { minutes: i64 },
}

/// An API token as listed (the secret is shown once, at creation).
#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl Store {
    fn hash(&self, password: &str) -> String {
        hash_with(password, self.fast_hashes)
    }

    /// Create an account, or reset the password and name of an existing one. Returns its id.
    /// Administration only (`jixiao admin init`, the demo seed, the benchmark).
    pub fn upsert_account(
        &self,
        actor: &str,
        username: &str,
        display_name: &str,
        password: &str,
    ) -> Result<i64, StoreError> {
        if username.trim().is_empty() {
            return Err(StoreError::Invalid("用户名不能为空".into()));
        }
        if password.chars().count() < 8 {
            return Err(StoreError::Invalid("密码至少 8 个字符".into()));
        }
        let hash = self.hash(password);
        self.db.write(|c| {
            let existing = c.one(
                "SELECT id FROM accounts WHERE username = $1",
                &[username.into()],
            )?;
            let id = match existing {
                Some(r) => {
                    c.exec(
                        "UPDATE accounts SET display_name = $2, password_hash = $3, active = 1 WHERE id = $1",
                        &[Value::Int(r.int(0)), display_name.into(), hash.as_str().into()],
                    )?;
                    r.int(0)
                }
                None => c
                    .one(
                        "INSERT INTO accounts (username, display_name, password_hash, active, created_at) VALUES ($1, $2, $3, 1, $4) RETURNING id",
                        &[
                            username.into(),
                            display_name.into(),
                            hash.as_str().into(),
                            time::offset(0).into(),
                        ],
                    )?
                    .map(|r| r.int(0))
                    .ok_or_else(|| StoreError::Database("INSERT returned no id".into()))?,
            };
            crate::audit::append(
                c,
                actor,
                "account",
                &format!("account:{username}"),
                &serde_json::json!({}),
            )?;
            Ok(id)
        })
    }

    /// Give an account a role in an organisation (by code). Administration only.
    pub fn grant(
        &self,
        actor: &str,
        account_id: i64,
        org_code: &str,
        role: Role,
    ) -> Result<(), StoreError> {
        self.db.write(|c| {
            let (org_id, _) = crate::orgs::id_of(c, org_code)?
                .ok_or_else(|| StoreError::Invalid(format!("组织编码「{org_code}」不存在")))?;
            c.exec(
                "INSERT INTO grants (account_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[Value::Int(account_id), Value::Int(org_id), role.id().into()],
            )?;
            crate::audit::append(
                c,
                actor,
                "grant",
                &format!("account:{account_id}"),
                &serde_json::json!({ "org": org_code, "role": role.id() }),
            )?;
            Ok(())
        })
    }

    /// The scope of an account (administration, tests and the benchmark; the server makes
    /// scopes from sessions and tokens).
    pub fn scope_for_account(&self, account_id: i64) -> Result<Option<Scope>, StoreError> {
        self.db.read(|c| scope::load(c, account_id))
    }

    /// Check a password and open a session, recording the attempt and an audit entry.
    /// Refuses without checking the password while the account or the address has too many
    /// recent failures.
    pub fn login(
        &self,
        username: &str,
        password: &str,
        address: &str,
    ) -> Result<Result<LoginOk, LoginError>, StoreError> {
        let since = time::offset(-THROTTLE_WINDOW);
        let (by_account, by_address, account) = self.db.read(|c| {
            let a = c
                .one(
                    "SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND at > $2 AND success = 0",
                    &[username.into(), since.as_str().into()],
                )?
                .map(|r| r.int(0))
                .unwrap_or(0);
            let b = c
                .one(
                    "SELECT COUNT(*) FROM login_attempts WHERE address = $1 AND at > $2 AND success = 0",
                    &[address.into(), since.as_str().into()],
                )?
                .map(|r| r.int(0))
                .unwrap_or(0);
            let acc = c.one(
                "SELECT id, password_hash FROM accounts WHERE username = $1 AND active = 1",
                &[username.into()],
            )?;
            Ok((a, b, acc))
        })?;
        let record = |success: bool, throttled: bool| {
            self.db.write(|c| {
                c.exec(
                    "INSERT INTO login_attempts (username, address, at, success) VALUES ($1, $2, $3, $4)",
                    &[username.into(), address.into(), time::offset(0).into(), success.into()],
                )?;
                let action = if success {
                    "login"
                } else if throttled {
                    "login_throttled"
                } else {
                    "login_failed"
                };
                crate::audit::append(
                    c,
                    username,
                    action,
                    &format!("account:{username}"),
                    &serde_json::json!({ "address": address }),
                )
            })
        };
        if by_account >= MAX_FAILURES_PER_ACCOUNT || by_address >= MAX_FAILURES_PER_ADDRESS {
            record(false, true)?;
            return Ok(Err(LoginError::Throttled {
                minutes: THROTTLE_WINDOW / 60,
            }));
        }
        // Verify against a dummy hash when the account does not exist, so timing does not
        // tell which usernames exist.
        let ok = match &account {
            Some(r) => verify_password(password, &r.text(1)),
            None => {
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        let Some(acc) = account.filter(|_| ok) else {
            record(false, false)?;
            return Ok(Err(LoginError::Invalid));
        };
        record(true, false)?;
        let (token, csrf) = self.open_session(acc.int(0), address)?;
        let scope = self
            .scope_for_account(acc.int(0))?
            .ok_or(StoreError::NotFound)?;
        Ok(Ok(LoginOk {
            token,
            csrf_token: csrf,
            scope,
        }))
    }

    fn open_session(&self, account_id: i64, address: &str) -> Result<(String, String), StoreError> {
        let token = random_hex(32);
        let csrf = random_hex(32);
        self.db.write(|c| {
            c.exec(
                "INSERT INTO sessions (token_hash, account_id, csrf_token, address, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    sha256_hex(token.as_bytes()).into(),
                    Value::Int(account_id),
                    csrf.as_str().into(),
                    address.into(),
                    time::offset(0).into(),
                    time::offset(SESSION_LIFETIME).into(),
                ],
            )?;
            // Expired sessions are removed as new ones are made.
            c.exec(
                "DELETE FROM sessions WHERE expires_at < $1",
                &[time::offset(0).into()],
            )?;
            Ok(())
        })?;
        Ok((token, csrf))
    }

    /// The session for a cookie value, if it is live.
    pub fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.db.read(|c| {
            let Some(r) = c.one(
                "SELECT account_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                &[hash.into(), time::offset(0).into()],
            )?
            else {
                return Ok(None);
            };
            Ok(scope::load(c, r.int(0))?.map(|scope| Session {
                scope,
                csrf_token: r.text(1),
            }))
        })
    }

    /// End a session (logout).
    pub fn end_session(&self, token: &str) -> Result<(), StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.db.write(|c| {
            if let Some(r) = c.one(
                "SELECT a.username FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
                &[hash.as_str().into()],
            )? {
                c.exec("DELETE FROM sessions WHERE token_hash = $1", &[hash.as_str().into()])?;
                crate::audit::append(c, &r.text(0), "logout", &format!("account:{}", r.text(0)), &serde_json::json!({}))?;
            }
            Ok(())
        })
    }

    /// Create an API token for the caller; the secret is returned once.
    pub fn create_token(
        &self,
        scope: &Scope,
        name: &str,
    ) -> Result<(TokenInfo, String), StoreError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Invalid(
                "令牌名称不能为空，且不超过 100 个字符".into(),
            ));
        }
        let secret = format!("jx_{}", random_hex(24));
        let now = time::offset(0);
        let id = self.db.write(|c| {
            let id = c
                .one(
                    "INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                    &[
                        Value::Int(scope.account_id),
                        name.into(),
                        sha256_hex(secret.as_bytes()).into(),
                        now.as_str().into(),
                    ],
                )?
                .map(|r| r.int(0))
                .ok_or_else(|| StoreError::Database("INSERT returned no id".into()))?;
            crate::audit::append(c, &scope.username, "token_created", &format!("token:{id}"), &serde_json::json!({ "name": name }))?;
            Ok(id)
        })?;
        Ok((
            TokenInfo {
                id,
                name: name.to_string(),
                created_at: now,
                revoked_at: None,
            },
            secret,
        ))
    }

    /// The caller's tokens.
    pub fn tokens(&self, scope: &Scope) -> Result<Vec<TokenInfo>, StoreError> {
        self.db.read(|c| {
            Ok(c.query(
                "SELECT id, name, created_at, revoked_at FROM api_tokens WHERE account_id = $1 ORDER BY id",
                &[Value::Int(scope.account_id)],
            )?
            .into_iter()
            .map(|r| TokenInfo {
                id: r.int(0),
                name: r.text(1),
                created_at: r.text(2),
                revoked_at: r.opt_text(3),
            })
            .collect())
        })
    }

    /// Revoke one of the caller's tokens. `false` if it is not the caller's (or unknown).
    pub fn revoke_token(&self, scope: &Scope, id: i64) -> Result<bool, StoreError> {
        self.db.write(|c| {
            let n = c.exec(
                "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL",
                &[Value::Int(id), Value::Int(scope.account_id), time::offset(0).into()],
            )?;
            if n > 0 {
                crate::audit::append(c, &scope.username, "token_revoked", &format!("token:{id}"), &serde_json::json!({}))?;
            }
            Ok(n > 0)
        })
    }

    /// The scope of a live API token.
    pub fn token_scope(&self, secret: &str) -> Result<Option<Scope>, StoreError> {
        let hash = sha256_hex(secret.as_bytes());
        self.db.read(|c| {
            let Some(r) = c.one(
                "SELECT account_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
                &[hash.into()],
            )?
            else {
                return Ok(None);
            };
            scope::load(c, r.int(0))
        })
    }
}

/// An argon2id hash of a random password, verified against when the username is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$7wH3TiPcpW3cbQ2Qej7yHaiRJ/ykxiXMdgY0nJH3VJY";
