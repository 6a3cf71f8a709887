//! `GET /users/?locationId=` (Users API, scope `users.readonly`): the location's users,
//! so owners, assignees and hosts read as people instead of ids.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call};
use super::contacts::{first_present, joined_name};
use super::{decode, Error, Scope};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub deleted: Option<bool>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

impl User {
    /// The full name, else first + last, else the email: whatever names the person.
    pub fn display_name(&self) -> Option<String> {
        let joined = joined_name(self.first_name.as_deref(), self.last_name.as_deref());
        first_present([
            self.name.as_deref(),
            Some(joined.as_str()),
            self.email.as_deref(),
        ])
    }
}

#[derive(Deserialize)]
struct UserList {
    #[serde(default, deserialize_with = "decode::records")]
    users: Vec<User>,
}

pub struct Users {
    api: Api,
}

impl Api {
    pub fn users(&self) -> Users {
        Users { api: self.clone() }
    }
}

impl Users {
    /// `GET /users/?locationId=`
    pub async fn list(&self) -> Result<Vec<User>, Error> {
        let call = Call::new(Method::GET, "/users/", vec![], Scope::UsersReadonly)
            .query("locationId", self.api.location_id());
        Ok(self.api.send::<UserList>(call).await?.users)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn users_decode_as_the_spec_shapes_them_and_as_the_field_varies() {
        let list: UserList = serde_json::from_value(json!({"users": [
            {"id": "u1", "name": "John Deo", "firstName": "John", "lastName": "Deo",
             "email": "john@deo.com", "roles": {"type": "account", "role": "admin"}},
            {"_id": "u2", "name": null, "firstName": " Ada ", "lastName": null},
            {"id": "u3", "email": "ops@example.com", "deleted": true},
            {"id": "u4"},
        ]}))
        .unwrap();
        let names: Vec<_> = list.users.iter().map(User::display_name).collect();
        assert_eq!(
            names,
            [
                Some("John Deo".to_owned()),
                Some("Ada".to_owned()),
                Some("ops@example.com".to_owned()),
                None
            ]
        );
        assert_eq!(list.users[1].id, "u2");
        assert_eq!(list.users[0].extra["roles"]["role"], "admin");
        let none: UserList = serde_json::from_value(json!({"users": null})).unwrap();
        assert!(none.users.is_empty());
    }
}
