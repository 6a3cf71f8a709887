//! HighLevel's API called through reqwest directly: nothing of the app's client.

use serde_json::Value;

/// GETs `url` with `token`, `query` and HighLevel's Version header, and reads the JSON.
pub async fn raw_get(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    query: &[(&str, String)],
) -> Value {
    let response = http
        .get(url)
        .bearer_auth(token)
        .header("Version", "2021-07-28")
        .query(query)
        .send()
        .await
        .expect("an answer");
    response.json().await.expect("a JSON body")
}
