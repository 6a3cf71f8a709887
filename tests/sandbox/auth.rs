//! Who may call: tokens, the Version header, the location, scopes, and OAuth codes,
//! refresh tokens and expiry.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{config, header, read, Api, RATE_LIMIT_HEADERS, VERSION};

#[tokio::test]
async fn a_missing_or_unknown_token_gets_401() {
    let api = Api::start(config()).await;
    let path = format!("/contacts/?locationId={}", api.location());
    let invalid = (
        StatusCode::UNAUTHORIZED,
        json!({"statusCode": 401, "message": "Invalid JWT"}),
    );
    let anonymous = api.get_as(&path, None, Some(VERSION)).await;
    for name in RATE_LIMIT_HEADERS {
        header(&anonymous, name);
    }
    assert_eq!(read(anonymous).await, invalid);
    let unknown = Some("sandbox-token-00000000000000000000000000000000");
    let wrong = api.get_as(&path, unknown, Some(VERSION)).await;
    assert_eq!(read(wrong).await, invalid);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn the_version_header_is_required() {
    let api = Api::start(config()).await;
    let path = format!("/contacts/?locationId={}", api.location());
    for (version, message) in [
        (None, "Version header was not found"),
        (Some("2021-04-15"), "Invalid version"),
    ] {
        let answer = api.get_as(&path, Some(api.sandbox.token()), version).await;
        assert_eq!(
            read(answer).await,
            (
                StatusCode::BAD_REQUEST,
                json!({"statusCode": 400, "message": message})
            )
        );
    }
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn another_or_a_missing_location_gets_403() {
    let api = Api::start(config()).await;
    let forbidden = json!({
        "statusCode": 403,
        "message": "The token does not have access to this location."
    });
    for path in [
        "/contacts/?locationId=someOtherLocation12",
        "/contacts/?limit=10",
        "/contacts/business/641c094001436dbc2081e642?limit=10",
    ] {
        assert_eq!(
            api.get(path).await,
            (StatusCode::FORBIDDEN, forbidden.clone()),
            "{path}"
        );
    }
    let contact_id = api.first_contact_id().await;
    let elsewhere = format!("/contacts/{contact_id}/tasks?locationId=someOtherLocation12");
    assert_eq!(
        api.get(&elsewhere).await,
        (StatusCode::FORBIDDEN, forbidden.clone())
    );
    let create = json!({"locationId": "someOtherLocation12", "email": "a@b.example"});
    assert_eq!(
        api.send(Method::POST, "/contacts/", create).await,
        (StatusCode::FORBIDDEN, forbidden.clone())
    );

    // The second page, asked for as peers did: the cursor without the locationId.
    let first = api.first_page(100).await;
    let next = first["meta"]["nextPageUrl"].as_str().unwrap();
    let mut url = url::Url::parse(next).unwrap();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "locationId")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut().clear().extend_pairs(kept);
    let path = format!("{}?{}", url.path(), url.query().unwrap());
    assert_eq!(api.get(&path).await, (StatusCode::FORBIDDEN, forbidden));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn the_readonly_token_reads_but_cannot_write() {
    let config = config();
    let readonly = config.readonly_token.clone().unwrap();
    let api = Api::start(config).await;
    let contact_id = api.first_contact_id().await;
    let scope =
        json!({"statusCode": 401, "message": "The token is not authorized for this scope."});
    let as_readonly = |method: Method, path: String| {
        api.http
            .request(method, api.url(&path))
            .bearer_auth(&readonly)
            .header("Version", VERSION)
            .json(&json!({"firstName": "Changed", "tags": ["x"], "locationId": api.location()}))
            .send()
    };
    let (status, _) = read(
        as_readonly(Method::GET, format!("/contacts/{contact_id}"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for (method, path) in [
        (Method::POST, "/contacts/".to_owned()),
        (Method::PUT, format!("/contacts/{contact_id}")),
        (Method::POST, format!("/contacts/{contact_id}/tags")),
        (Method::DELETE, format!("/contacts/{contact_id}")),
    ] {
        let response = as_readonly(method.clone(), path.clone()).await.unwrap();
        assert_eq!(
            read(response).await,
            (StatusCode::UNAUTHORIZED, scope.clone()),
            "{method} {path}"
        );
    }
    let (status, still) = api.get(&format!("/contacts/{contact_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(still["contact"]["firstName"], "Changed");
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn oauth_codes_are_exchanged_once_and_refresh_tokens_rotate() {
    let config = config();
    let app = config.oauth.clone();
    let api = Api::start(config).await;
    let redirect_uri = "http://127.0.0.1:1/callback";
    let choose = |client_id: &str| {
        api.http
            .get(api.url("/oauth/chooselocation"))
            .query(&[
                ("response_type", "code"),
                ("client_id", client_id),
                ("redirect_uri", redirect_uri),
                ("scope", "contacts.readonly contacts.write"),
                ("state", "xyz 1"),
            ])
            .send()
    };
    let unknown = choose("not-our-app").await.unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);

    let chosen = choose(&app.client_id).await.unwrap();
    assert_eq!(chosen.status(), StatusCode::FOUND);
    let location = url::Url::parse(header(&chosen, "location")).unwrap();
    assert!(location.as_str().starts_with(redirect_uri));
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap()
    };
    assert_eq!(param("state"), "xyz 1");
    let code = param("code");

    let grant = |form: Vec<(&'static str, String)>| {
        api.http.post(api.url("/oauth/token")).form(&form).send()
    };
    let exchange = vec![
        ("client_id", app.client_id.clone()),
        ("client_secret", app.client_secret.clone()),
        ("grant_type", "authorization_code".into()),
        ("code", code),
        ("user_type", "Location".into()),
        ("redirect_uri", redirect_uri.into()),
    ];
    let (status, tokens) = read(grant(exchange.clone()).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["scope"], "contacts.readonly contacts.write");
    assert_eq!(tokens["userType"], "Location");
    assert_eq!(tokens["locationId"], api.location());
    assert_eq!(tokens["expires_in"], 86_399);
    for field in ["companyId", "userId"] {
        assert!(tokens[field].is_string(), "{field}");
    }
    let (status, reused) = read(grant(exchange).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(reused["error"], "invalid_grant");

    let access = tokens["access_token"].as_str().unwrap();
    let path = format!("/contacts/?locationId={}&limit=1", api.location());
    let with_access = |token: String| {
        api.http
            .get(api.url(&path))
            .bearer_auth(token)
            .header("Version", VERSION)
            .send()
    };
    assert_eq!(
        with_access(access.into()).await.unwrap().status(),
        StatusCode::OK
    );

    let refresh = |token: &str| {
        grant(vec![
            ("client_id", app.client_id.clone()),
            ("client_secret", app.client_secret.clone()),
            ("grant_type", "refresh_token".into()),
            ("refresh_token", token.to_owned()),
        ])
    };
    let old_refresh = tokens["refresh_token"].as_str().unwrap();
    let (status, rotated) = read(refresh(old_refresh).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(rotated["refresh_token"], tokens["refresh_token"]);
    assert_ne!(rotated["access_token"], tokens["access_token"]);
    assert_eq!(
        read(refresh(old_refresh).await.unwrap()).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "Invalid grant: refresh token is invalid"})
        )
    );
    let newest = rotated["refresh_token"].as_str().unwrap();
    let (status, _) = read(refresh(newest).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);

    let bad_secret = vec![
        ("client_id", app.client_id.clone()),
        ("client_secret", "wrong".into()),
        ("grant_type", "refresh_token".into()),
        ("refresh_token", "whatever".into()),
    ];
    let (status, body) = read(grant(bad_secret).await.unwrap()).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNAUTHORIZED, &json!("invalid_client"))
    );
    assert_eq!(api.sandbox.token_grants(), 6);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_expired_access_token_gets_401() {
    let mut config = config();
    config.oauth.access_token_ttl = Duration::from_secs(1);
    let app = config.oauth.clone();
    let api = Api::start(config).await;
    let tokens = api.grant(&app, "Location").await;
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let path = format!("/contacts/?locationId={}&limit=1", api.location());
    let call = || api.get_as(&path, Some(&access), Some(VERSION));
    assert_eq!(call().await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        read(call().await).await,
        (
            StatusCode::UNAUTHORIZED,
            json!({"statusCode": 401, "message": "Invalid JWT"})
        )
    );
    api.sandbox.shutdown().await;
}
