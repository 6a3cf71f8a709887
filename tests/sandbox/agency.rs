//! An agency of several locations: each location answers its own tokens with its own data,
//! and the agency endpoints of `oauth.json` take an agency OAuth token only.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, read, Api, VERSION};

/// An agency of three locations.
async fn agency() -> Api {
    let mut config = config();
    config.locations = 3;
    config.contacts = 20;
    Api::start(config).await
}

async fn installed(api: &Api, token: &str) -> (StatusCode, Value) {
    let app_id = config()
        .oauth
        .client_id
        .split('-')
        .next()
        .unwrap()
        .to_owned();
    let query = [
        ("companyId", api.sandbox.company_id()),
        ("appId", app_id.as_str()),
        ("limit", "2"),
    ];
    let request = api.http.get(api.url("/oauth/installedLocations"));
    let sent = request
        .query(&query)
        .bearer_auth(token)
        .header("Version", VERSION);
    read(sent.send().await.unwrap()).await
}

async fn location_token(api: &Api, token: &str, location_id: &str) -> (StatusCode, Value) {
    let form = [
        ("companyId", api.sandbox.company_id()),
        ("locationId", location_id),
    ];
    let request = api.http.post(api.url("/oauth/locationToken"));
    let sent = request
        .form(&form)
        .bearer_auth(token)
        .header("Version", VERSION);
    read(sent.send().await.unwrap()).await
}

async fn contacts_total(api: &Api, token: &str, location_id: &str) -> (StatusCode, Value) {
    let path = format!("/contacts/?locationId={location_id}&limit=1");
    read(api.get_as(&path, Some(token), Some(VERSION)).await).await
}

#[tokio::test]
async fn each_location_serves_its_own_token_and_data_and_refuses_another_location() {
    let api = agency().await;
    let locations = api.sandbox.locations();
    assert_eq!(locations.len(), 3);
    assert_eq!(locations[0].location_id, api.location());
    assert_eq!(locations[0].token, api.sandbox.token());
    let third = &locations[2];
    let (status, body) = contacts_total(&api, &third.token, &third.location_id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["meta"]["total"], 20);
    let first_id = body["contacts"][0]["id"].clone();
    let (_, first) = contacts_total(&api, api.sandbox.token(), api.location()).await;
    assert_ne!(
        first["contacts"][0]["id"], first_id,
        "each location has its own data"
    );
    let (status, _) = contacts_total(&api, &third.token, api.location()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(api.sandbox.location_request_count(&third.location_id), 2);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_agency_token_lists_installed_locations_and_mints_their_tokens() {
    let api = agency().await;
    let agency = api.grant(&config().oauth, "Company").await;
    assert_eq!(agency["userType"], "Company");
    assert_eq!(agency["companyId"], api.sandbox.company_id());
    assert!(agency.get("locationId").is_none(), "{agency}");
    assert_eq!(agency["approvedLocations"].as_array().unwrap().len(), 3);
    let token = agency["access_token"].as_str().unwrap();

    let (status, page) = installed(&api, token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["count"], 3);
    assert_eq!(page["locations"].as_array().unwrap().len(), 2, "limit 2");
    assert_eq!(page["locations"][0]["_id"], api.location());
    assert_eq!(page["locations"][0]["name"], "Sandbox location 1");

    let third = &api.sandbox.locations()[2];
    let (status, minted) = location_token(&api, token, &third.location_id).await;
    assert_eq!(status, StatusCode::OK, "{minted}");
    assert_eq!(minted["locationId"], third.location_id.as_str());
    assert!(minted.get("refresh_token").is_none(), "{minted}");
    let location_token = minted["access_token"].as_str().unwrap();
    let (status, _) = contacts_total(&api, location_token, &third.location_id).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = contacts_total(&api, location_token, api.location()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = contacts_total(&api, token, api.location()).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "an agency token reads no location"
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn agency_endpoints_refuse_location_tokens_and_private_integration_tokens() {
    let api = agency().await;
    let location_oauth = api.grant(&config().oauth, "Location").await;
    let location_oauth = location_oauth["access_token"].as_str().unwrap();
    let second = api.sandbox.locations()[1].location_id.clone();
    let (status, body) = location_token(&api, location_oauth, &second).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = installed(&api, location_oauth).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for private in [api.sandbox.token(), api.sandbox.agency_token()] {
        let (status, body) = location_token(&api, private, &second).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::UNAUTHORIZED,
                json!({"statusCode": 401, "message": "The token is not authorized for this scope."})
            )
        );
    }
    let (status, _) = location_token(&api, "sandbox-oauth-unknown", &second).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let agency = api.grant(&config().oauth, "Company").await;
    let token = agency["access_token"].as_str().unwrap();
    let without_version = api
        .http
        .request(Method::POST, api.url("/oauth/locationToken"))
        .bearer_auth(token)
        .form(&[
            ("companyId", api.sandbox.company_id()),
            ("locationId", &second),
        ]);
    let (status, _) = read(without_version.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = location_token(&api, token, "not-a-location").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.sandbox.shutdown().await;
}
