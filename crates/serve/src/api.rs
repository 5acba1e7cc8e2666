//! The JSON API under `/api/`: one table of routes ([`routes`]) from which
//! the router is built, and the OpenAPI document generated from the
//! handlers' annotations ([`openapi`]); a test checks that they agree.

use crate::backend::{BackendError, Filter, Page, Paging};
use crate::{AppState, Config};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use newsgraph_doc::{Document, Published};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

/// An API error: a status and a message, sent as `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong.
    pub message: String,
}

/// The body of an error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
}

impl ApiError {
    /// A 400 with a message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    /// A 404 naming what was not found.
    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!("not found: {}", what.into()),
        }
    }
}

impl From<BackendError> for ApiError {
    fn from(e: BackendError) -> Self {
        let status = match e {
            BackendError::NoStore => StatusCode::SERVICE_UNAVAILABLE,
            BackendError::BadRequest(_) => StatusCode::BAD_REQUEST,
            BackendError::NotFound(_) => StatusCode::NOT_FOUND,
            BackendError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}

/// Runs a blocking store query off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BackendError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(_) => Err(ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "the query failed".into(),
        }),
    }
}

/// The body of `POST /api/analyze`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct AnalyzeRequest {
    /// The article text (plain text).
    pub text: String,
    /// Publication date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO 8601
    /// date-time); relative times ("mercredi", "last week") are resolved
    /// against it.
    pub published: Option<String>,
    /// ISO 639-1 language code; detected when absent.
    pub language: Option<String>,
    /// Document id (default `analyzed`).
    pub id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// Longest accepted metadata field (id, title, source, url), in characters.
const MAX_FIELD: usize = 2048;

/// Builds the document of an analysis request, checking its fields.
pub(crate) fn document_of(req: AnalyzeRequest) -> Result<Document, ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::bad_request("text: empty"));
    }
    for (name, v) in [
        ("id", &req.id),
        ("title", &req.title),
        ("source", &req.source),
        ("url", &req.url),
    ] {
        if v.as_deref().is_some_and(|s| s.chars().count() > MAX_FIELD) {
            return Err(ApiError::bad_request(format!(
                "{name}: longer than {MAX_FIELD} characters"
            )));
        }
    }
    let id = req
        .id
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "analyzed".into());
    let mut doc = Document::new(id, req.text);
    let nonempty = |o: Option<String>| o.filter(|s| !s.trim().is_empty());
    doc.title = nonempty(req.title);
    doc.source = nonempty(req.source);
    doc.url = nonempty(req.url);
    if let Some(p) = nonempty(req.published) {
        doc.published = Some(
            p.parse::<Published>()
                .map_err(|e| ApiError::bad_request(format!("published: {e}")))?,
        );
    }
    if let Some(l) = nonempty(req.language) {
        let l = l.trim().to_ascii_lowercase();
        if !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(ApiError::bad_request(format!(
                "language: expected an ISO 639-1 code, got {l:?}"
            )));
        }
        doc.language = Some(l);
    }
    Ok(doc)
}

/// Runs the pipeline over a document, at most
/// `Config::max_concurrent_analyses` at once.
pub(crate) async fn run_pipeline(
    state: &AppState,
    mut doc: Document,
) -> Result<Document, ApiError> {
    let _permit = state.inner.analyses.acquire().await.map_err(|_| ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        message: "shutting down".into(),
    })?;
    tokio::task::spawn_blocking(move || {
        newsgraph_pipeline::analyze(&mut doc, &newsgraph_pipeline::Options::default());
        doc
    })
    .await
    .map_err(|_| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: "the analysis failed".into(),
    })
}

/// Analyze a text: returns the document with all its layers.
#[utoipa::path(post, path = "/api/analyze", tag = "analysis",
    request_body = AnalyzeRequest,
    responses(
        (status = 200, description = "The analyzed document (docs/format.md, docs/schema.json)", body = Object),
        (status = 400, description = "Invalid field", body = ErrorBody),
        (status = 413, description = "Body larger than the server's limit"),
    ))]
pub async fn analyze(
    State(state): State<AppState>,
    Json(req): Json<AnalyzeRequest>,
) -> Result<Json<Document>, ApiError> {
    let doc = document_of(req)?;
    Ok(Json(run_pipeline(&state, doc).await?))
}

/// Store an analyzed document (only with `--allow-ingest`).
#[utoipa::path(post, path = "/api/documents", tag = "documents",
    request_body(content = Object, description = "A document as `analyze` writes it, or an AnalyzeRequest (`text`, `published`…) to analyze first"),
    responses(
        (status = 200, description = "What the store did (added, unchanged, replaced)", body = Object),
        (status = 400, description = "Invalid document", body = ErrorBody),
    ))]
pub async fn ingest(
    State(state): State<AppState>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, ApiError> {
    let analyzed = body.get("format_version").is_some();
    let doc = if analyzed {
        serde_json::from_value::<Document>(body)
            .map_err(|e| ApiError::bad_request(format!("document: {e}")))?
    } else {
        let req: AnalyzeRequest = serde_json::from_value(body)
            .map_err(|e| ApiError::bad_request(format!("request: {e}")))?;
        run_pipeline(&state, document_of(req)?).await?
    };
    let backend = state.inner.backend.clone();
    Ok(Json(blocking(move || backend.ingest(doc)).await?))
}

/// Full-text search over documents and quotes, ranked, with snippets.
#[utoipa::path(get, path = "/api/search", tag = "corpus",
    params(Filter, Paging),
    responses((status = 200, body = Page), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.search(&filter, paging.clamped())).await?,
    ))
}

/// Stored documents (metadata), with the search filters.
#[utoipa::path(get, path = "/api/documents", tag = "documents",
    params(Filter, Paging),
    responses((status = 200, body = Page)))]
pub async fn documents(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.documents(&filter, paging.clamped())).await?,
    ))
}

/// One stored document with all its stored layers (metadata, text,
/// sentences, entities with their corpus entities, quotes, events, timexes).
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses((status = 200, body = Object, description = "The stored document (docs/store.md)"),
        (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let b = state.inner.backend.clone();
    let key = id.clone();
    blocking(move || b.document_json(&key))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("document {id}")))
}

/// Corpus entities, most mentioned first (`q` filters by name).
#[utoipa::path(get, path = "/api/entities", tag = "entities",
    params(Filter, Paging),
    responses((status = 200, body = Page)))]
pub async fn entities(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.entities(&filter, paging.clamped())).await?,
    ))
}

/// An entity's profile: names by language, counts, co-occurring entities,
/// latest quotes and events.
#[utoipa::path(get, path = "/api/entities/{key}", tag = "entities",
    params(("key" = String, Path, description = "Corpus entity key (`kb:Q…`, `PER:name key`) or a name")),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn entity(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let b = state.inner.backend.clone();
    let k = key.clone();
    blocking(move || b.entity(&k))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("entity {key}")))
}

/// An entity's events and statements ordered by when they happened.
#[utoipa::path(get, path = "/api/entities/{key}/timeline", tag = "entities",
    params(("key" = String, Path, description = "Corpus entity key or name"), Paging),
    responses((status = 200, body = Page), (status = 404, body = ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.timeline(&key, paging.clamped())).await?,
    ))
}

/// Stories (groups of reports of one happening), latest first.
#[utoipa::path(get, path = "/api/stories", tag = "stories",
    params(Filter, Paging),
    responses((status = 200, body = Page)))]
pub async fn stories(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.stories(&filter, paging.clamped())).await?,
    ))
}

/// One story: documents, facts with sources and modalities, conflicts.
#[utoipa::path(get, path = "/api/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "Story id")),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let b = state.inner.backend.clone();
    let k = id.clone();
    blocking(move || b.story(&k))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("story {id}")))
}

/// Events with the CLI's filters (`actor`, `target`, `type`, `from`, `to`,
/// `modality`).
#[utoipa::path(get, path = "/api/events", tag = "corpus",
    params(Filter, Paging),
    responses((status = 200, body = Page), (status = 400, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.events(&filter, paging.clamped())).await?,
    ))
}

/// Quotes with the CLI's filters (`speaker`, `about`, `from`, `to`).
#[utoipa::path(get, path = "/api/quotes", tag = "corpus",
    params(Filter, Paging),
    responses((status = 200, body = Page), (status = 400, body = ErrorBody)))]
pub async fn quotes(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(
        blocking(move || b.quotes(&filter, paging.clamped())).await?,
    ))
}

/// Outlets with their document counts.
#[utoipa::path(get, path = "/api/sources", tag = "corpus",
    params(Paging),
    responses((status = 200, body = Page)))]
pub async fn sources(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
) -> Result<Json<Page>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(blocking(move || b.sources(paging.clamped())).await?))
}

/// Corpus counts (documents, entities, quotes, events, stories).
#[utoipa::path(get, path = "/api/stats", tag = "corpus",
    responses((status = 200, body = Object)))]
pub async fn stats(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let b = state.inner.backend.clone();
    Ok(Json(blocking(move || b.stats()).await?))
}

/// This OpenAPI document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, body = Object, description = "OpenAPI 3.1")))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "newsgraph",
        description = "Who said what, who did what to whom, where and when — over a corpus of dated news articles. Read-only unless the server runs with --allow-ingest (POST /api/documents). Lists take `offset` and `limit` (≤ 200) and answer `{items, offset, limit, next_offset, total}`."
    ),
    paths(
        analyze,
        ingest,
        search,
        documents,
        document,
        entities,
        entity,
        timeline,
        stories,
        story,
        events,
        quotes,
        sources,
        stats,
        openapi_json
    ),
    components(schemas(AnalyzeRequest, ErrorBody, Page, Filter, Paging))
)]
struct ApiDoc;

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// One entry of the route table: a path, its methods, and their handlers.
pub struct ApiRoute {
    /// The path, in axum and OpenAPI syntax (`/api/stories/{id}`).
    pub path: &'static str,
    /// The HTTP methods served at that path (lowercase).
    pub methods: Vec<&'static str>,
    /// The handlers.
    pub handler: MethodRouter<AppState>,
}

fn route(path: &'static str, methods: &[&'static str], h: MethodRouter<AppState>) -> ApiRoute {
    ApiRoute {
        path,
        methods: methods.to_vec(),
        handler: h,
    }
}

/// The API's routes: the router is built from this table and nothing else.
/// `POST /api/documents` is present only when `config.allow_ingest`.
pub fn routes(config: &Config) -> Vec<ApiRoute> {
    let docs = if config.allow_ingest {
        route(
            "/api/documents",
            &["get", "post"],
            get(documents).post(ingest),
        )
    } else {
        route("/api/documents", &["get"], get(documents))
    };
    vec![
        route("/api/analyze", &["post"], post(analyze)),
        docs,
        route("/api/documents/{id}", &["get"], get(document)),
        route("/api/search", &["get"], get(search)),
        route("/api/entities", &["get"], get(entities)),
        route("/api/entities/{key}", &["get"], get(entity)),
        route("/api/entities/{key}/timeline", &["get"], get(timeline)),
        route("/api/stories", &["get"], get(stories)),
        route("/api/stories/{id}", &["get"], get(story)),
        route("/api/events", &["get"], get(events)),
        route("/api/quotes", &["get"], get(quotes)),
        route("/api/sources", &["get"], get(sources)),
        route("/api/stats", &["get"], get(stats)),
        route("/api/openapi.json", &["get"], get(openapi_json)),
    ]
}

/// The API router (unknown `/api/…` paths answer a JSON 404).
pub fn router(config: &Config) -> Router<AppState> {
    let mut r = Router::new();
    for ApiRoute { path, handler, .. } in routes(config) {
        r = r.route(path, handler);
    }
    r.route("/api/{*rest}", axum::routing::any(api_not_found))
}

async fn api_not_found() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message: "no such API route (see /api/openapi.json)".into(),
    }
}
