//! The one endpoint table: every Contacts endpoint as an [`Operation`] (what a call
//! carries) and an [`Endpoint`] (how it is described). `contact-desk api`, the Explorer
//! and the README all derive from these, so an endpoint is added here, in its resource
//! file and in the sandbox, and nowhere else.

use serde::{Deserialize, Serialize};

use super::tasks::Completed;
use super::{
    Api, Appointment, BulkBusiness, BulkBusinessResult, BulkTags, BulkTagsResult, Business,
    BusinessContacts, BusinessQuery, Calendar, Contact, ContactFields, ContactPage, ContactQuery,
    ContactSearch, Cursor, CustomField, Error, EventOwner, EventQuery, FollowersBody,
    FollowersChange, NewTask, Note, NoteFields, Scope, SearchPage, TagChange, Task, TaskChanges,
    TaskSearch, Upserted, User, WorkflowStart, BUSINESS_PAGE, MAX_PAGE_SIZE,
};

/// One call of one endpoint with its path, query and body parameters. The tag is the
/// endpoint's [`Endpoint::operation`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "operation", rename_all = "camelCase")]
pub enum Operation {
    #[serde(rename_all = "camelCase")]
    GetContacts {
        query: Option<String>,
        limit: u32,
        /// Epoch milliseconds; well inside a JavaScript number's exact range.
        #[cfg_attr(feature = "desktop", specta(type = Option<f64>))]
        start_after: Option<i64>,
        start_after_id: Option<String>,
        /// Follow the cursor to the last page (the CLI's `--all`).
        #[serde(default)]
        all: bool,
    },
    #[serde(rename_all = "camelCase")]
    GetContact {
        contact_id: String,
    },
    #[serde(rename_all = "camelCase")]
    SearchContactsAdvanced {
        body: ContactSearch,
    },
    #[serde(rename_all = "camelCase")]
    GetDuplicateContact {
        email: Option<String>,
        number: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    GetContactsByBusinessId {
        business_id: String,
        skip: u32,
        limit: u32,
        query: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    CreateContact {
        body: ContactFields,
    },
    #[serde(rename_all = "camelCase")]
    UpsertContact {
        body: ContactFields,
    },
    #[serde(rename_all = "camelCase")]
    UpdateContact {
        contact_id: String,
        body: ContactFields,
    },
    #[serde(rename_all = "camelCase")]
    DeleteContact {
        contact_id: String,
    },
    #[serde(rename_all = "camelCase")]
    GetAllTasks {
        contact_id: String,
    },
    #[serde(rename_all = "camelCase")]
    GetTask {
        contact_id: String,
        task_id: String,
    },
    #[serde(rename_all = "camelCase")]
    CreateTask {
        contact_id: String,
        body: NewTask,
    },
    #[serde(rename_all = "camelCase")]
    UpdateTask {
        contact_id: String,
        task_id: String,
        body: TaskChanges,
    },
    #[serde(rename_all = "camelCase")]
    UpdateTaskCompleted {
        contact_id: String,
        task_id: String,
        body: Completed,
    },
    #[serde(rename_all = "camelCase")]
    DeleteTask {
        contact_id: String,
        task_id: String,
    },
    #[serde(rename_all = "camelCase")]
    TaskSearch {
        body: TaskSearch,
    },
    #[serde(rename_all = "camelCase")]
    GetAllNotes {
        contact_id: String,
    },
    #[serde(rename_all = "camelCase")]
    GetNote {
        contact_id: String,
        id: String,
    },
    #[serde(rename_all = "camelCase")]
    CreateNote {
        contact_id: String,
        body: NoteFields,
    },
    #[serde(rename_all = "camelCase")]
    UpdateNote {
        contact_id: String,
        id: String,
        body: NoteFields,
    },
    #[serde(rename_all = "camelCase")]
    DeleteNote {
        contact_id: String,
        id: String,
    },
    #[serde(rename_all = "camelCase")]
    GetAppointmentsForContact {
        contact_id: String,
    },
    GetCalendars,
    #[serde(rename_all = "camelCase")]
    GetCalendarEvents {
        calendar_id: Option<String>,
        user_id: Option<String>,
        group_id: Option<String>,
        /// Epoch milliseconds.
        #[cfg_attr(feature = "desktop", specta(type = f64))]
        start_time: i64,
        #[cfg_attr(feature = "desktop", specta(type = f64))]
        end_time: i64,
    },
    #[serde(rename_all = "camelCase")]
    AddTags {
        contact_id: String,
        body: TagsBody,
    },
    #[serde(rename_all = "camelCase")]
    RemoveTags {
        contact_id: String,
        body: TagsBody,
    },
    #[serde(rename_all = "camelCase")]
    CreateAssociation {
        #[serde(rename = "type")]
        change: TagChange,
        body: BulkTags,
    },
    #[serde(rename_all = "camelCase")]
    AddRemoveContactFromBusiness {
        body: BulkBusiness,
    },
    #[serde(rename_all = "camelCase")]
    AddFollowersContact {
        contact_id: String,
        body: FollowersBody,
    },
    #[serde(rename_all = "camelCase")]
    RemoveFollowersContact {
        contact_id: String,
        body: FollowersBody,
    },
    #[serde(rename_all = "camelCase")]
    AddContactToCampaign {
        contact_id: String,
        campaign_id: String,
    },
    #[serde(rename_all = "camelCase")]
    RemoveContactFromCampaign {
        contact_id: String,
        campaign_id: String,
    },
    #[serde(rename_all = "camelCase")]
    RemoveContactFromEveryCampaign {
        contact_id: String,
    },
    #[serde(rename_all = "camelCase")]
    AddContactToWorkflow {
        contact_id: String,
        workflow_id: String,
        /// Optional: `--data` may be left out.
        #[serde(default)]
        body: WorkflowStart,
    },
    #[serde(rename_all = "camelCase")]
    DeleteContactFromWorkflow {
        contact_id: String,
        workflow_id: String,
        #[serde(default)]
        body: WorkflowStart,
    },
    GetUserByLocation,
    GetCustomFields,
    #[serde(rename_all = "camelCase")]
    GetBusinessesByLocation {
        skip: u32,
        limit: u32,
    },
}

/// The body of `POST …/tags` and `DELETE …/tags`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct TagsBody {
    pub tags: Vec<String>,
}

/// What an operation answers, serialized as HighLevel's decoded value (field order kept).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(untagged)]
pub enum ApiResponse {
    Contact(Contact),
    /// A contact the answer may leave out: `PUT /contacts/:contactId`'s, and the
    /// duplicate search's when nothing matches.
    MaybeContact(Option<Contact>),
    Upserted(Upserted),
    Contacts(Vec<Contact>),
    ContactPage(ContactPage),
    SearchPage(SearchPage),
    BusinessContacts(BusinessContacts),
    Task(Task),
    Tasks(Vec<Task>),
    Note(Note),
    Notes(Vec<Note>),
    Appointments(Vec<Appointment>),
    Calendars(Vec<Calendar>),
    Tags(Vec<String>),
    Followers(FollowersChange),
    BulkTags(BulkTagsResult),
    BulkBusiness(BulkBusinessResult),
    Users(Vec<User>),
    CustomFields(Vec<CustomField>),
    Businesses(Vec<Business>),
    /// A delete, which answers with no body worth keeping.
    Deleted,
    /// Another write HighLevel answers only with `{succeded: true}` (an enrollment).
    Succeeded,
}

impl Operation {
    /// Sends the operation straight to HighLevel (no cache involved).
    pub async fn execute(self, api: &Api) -> Result<ApiResponse, Error> {
        Ok(match self {
            Operation::GetContacts {
                query,
                limit,
                start_after,
                start_after_id,
                all,
            } => {
                let cursor = cursor(start_after, start_after_id)?;
                let limit = if all { MAX_PAGE_SIZE } else { limit };
                let query = ContactQuery {
                    query,
                    limit,
                    cursor,
                };
                if all {
                    ApiResponse::Contacts(api.contacts().pager(query).collect().await?)
                } else {
                    ApiResponse::ContactPage(api.contacts().list(&query).await?)
                }
            }
            Operation::GetContact { contact_id } => {
                ApiResponse::Contact(api.contacts().get(&contact_id).await?)
            }
            Operation::SearchContactsAdvanced { body } => {
                ApiResponse::SearchPage(api.contacts().search(&body).await?)
            }
            Operation::GetDuplicateContact { email, number } => {
                let contacts = api.contacts();
                let found = contacts
                    .duplicate(email.as_deref(), number.as_deref())
                    .await?;
                ApiResponse::MaybeContact(found)
            }
            Operation::UpsertContact { body } => {
                ApiResponse::Upserted(api.contacts().upsert(&body).await?)
            }
            Operation::GetContactsByBusinessId {
                business_id,
                skip,
                limit,
                query,
            } => {
                let query = BusinessQuery { skip, limit, query };
                let page = api.contacts().by_business(&business_id, &query).await?;
                ApiResponse::BusinessContacts(page)
            }
            Operation::CreateContact { body } => {
                ApiResponse::Contact(api.contacts().create(&body).await?)
            }
            Operation::UpdateContact { contact_id, body } => {
                ApiResponse::MaybeContact(api.contacts().update(&contact_id, &body).await?)
            }
            Operation::DeleteContact { contact_id } => {
                api.contacts().delete(&contact_id).await?;
                ApiResponse::Deleted
            }
            Operation::GetAllTasks { contact_id } => {
                ApiResponse::Tasks(api.tasks(&contact_id).list().await?)
            }
            Operation::GetTask {
                contact_id,
                task_id,
            } => ApiResponse::Task(api.tasks(&contact_id).get(&task_id).await?),
            Operation::CreateTask { contact_id, body } => {
                ApiResponse::Task(api.tasks(&contact_id).create(&body).await?)
            }
            Operation::UpdateTask {
                contact_id,
                task_id,
                body,
            } => ApiResponse::Task(api.tasks(&contact_id).update(&task_id, &body).await?),
            Operation::UpdateTaskCompleted {
                contact_id,
                task_id,
                body,
            } => {
                let tasks = api.tasks(&contact_id);
                ApiResponse::Task(tasks.set_completed(&task_id, body.completed).await?)
            }
            Operation::DeleteTask {
                contact_id,
                task_id,
            } => {
                api.tasks(&contact_id).delete(&task_id).await?;
                ApiResponse::Deleted
            }
            Operation::TaskSearch { body } => {
                ApiResponse::Tasks(api.location_tasks().search(&body).await?)
            }
            Operation::GetAllNotes { contact_id } => {
                ApiResponse::Notes(api.notes(&contact_id).list().await?)
            }
            Operation::GetNote { contact_id, id } => {
                ApiResponse::Note(api.notes(&contact_id).get(&id).await?)
            }
            Operation::CreateNote { contact_id, body } => {
                ApiResponse::Note(api.notes(&contact_id).create(&body).await?)
            }
            Operation::UpdateNote {
                contact_id,
                id,
                body,
            } => ApiResponse::Note(api.notes(&contact_id).update(&id, &body).await?),
            Operation::DeleteNote { contact_id, id } => {
                api.notes(&contact_id).delete(&id).await?;
                ApiResponse::Deleted
            }
            Operation::GetAppointmentsForContact { contact_id } => {
                ApiResponse::Appointments(api.appointments(&contact_id).list().await?)
            }
            Operation::GetCalendars => ApiResponse::Calendars(api.calendars().list().await?),
            Operation::GetCalendarEvents {
                calendar_id,
                user_id,
                group_id,
                start_time,
                end_time,
            } => {
                let query = EventQuery {
                    owner: event_owner(calendar_id, user_id, group_id)?,
                    start: millis(start_time)?,
                    end: millis(end_time)?,
                };
                ApiResponse::Appointments(api.calendars().events(&query).await?)
            }
            Operation::AddTags { contact_id, body } => {
                ApiResponse::Tags(api.tags(&contact_id).add(&body.tags).await?)
            }
            Operation::RemoveTags { contact_id, body } => {
                ApiResponse::Tags(api.tags(&contact_id).remove(&body.tags).await?)
            }
            Operation::CreateAssociation { change, body } => {
                ApiResponse::BulkTags(api.bulk().tags(change, &body).await?)
            }
            Operation::AddRemoveContactFromBusiness { body } => {
                ApiResponse::BulkBusiness(api.bulk().business(&body).await?)
            }
            Operation::AddFollowersContact { contact_id, body } => {
                let followers = api.followers(&contact_id);
                ApiResponse::Followers(followers.add(&body.followers).await?)
            }
            Operation::RemoveFollowersContact { contact_id, body } => {
                let followers = api.followers(&contact_id);
                ApiResponse::Followers(followers.remove(&body.followers).await?)
            }
            Operation::AddContactToCampaign {
                contact_id,
                campaign_id,
            } => {
                api.campaigns(&contact_id).add(&campaign_id).await?;
                ApiResponse::Succeeded
            }
            Operation::RemoveContactFromCampaign {
                contact_id,
                campaign_id,
            } => {
                api.campaigns(&contact_id).remove(&campaign_id).await?;
                ApiResponse::Deleted
            }
            Operation::RemoveContactFromEveryCampaign { contact_id } => {
                api.campaigns(&contact_id).remove_all().await?;
                ApiResponse::Deleted
            }
            Operation::AddContactToWorkflow {
                contact_id,
                workflow_id,
                body,
            } => {
                api.workflows(&contact_id).add(&workflow_id, &body).await?;
                ApiResponse::Succeeded
            }
            Operation::DeleteContactFromWorkflow {
                contact_id,
                workflow_id,
                body,
            } => {
                api.workflows(&contact_id)
                    .remove(&workflow_id, &body)
                    .await?;
                ApiResponse::Deleted
            }
            Operation::GetUserByLocation => ApiResponse::Users(api.users().list().await?),
            Operation::GetCustomFields => {
                ApiResponse::CustomFields(api.custom_fields().list().await?)
            }
            Operation::GetBusinessesByLocation { skip, limit } => {
                ApiResponse::Businesses(api.businesses().page(skip, limit).await?)
            }
        })
    }

    /// This operation's row of [`ENDPOINTS`].
    pub fn endpoint(&self) -> &'static Endpoint {
        match self {
            Operation::GetContacts { .. } => &GET_CONTACTS,
            Operation::GetContact { .. } => &GET_CONTACT,
            Operation::SearchContactsAdvanced { .. } => &SEARCH_CONTACTS_ADVANCED,
            Operation::GetDuplicateContact { .. } => &GET_DUPLICATE_CONTACT,
            Operation::UpsertContact { .. } => &UPSERT_CONTACT,
            Operation::GetContactsByBusinessId { .. } => &GET_CONTACTS_BY_BUSINESS_ID,
            Operation::CreateContact { .. } => &CREATE_CONTACT,
            Operation::UpdateContact { .. } => &UPDATE_CONTACT,
            Operation::DeleteContact { .. } => &DELETE_CONTACT,
            Operation::GetAllTasks { .. } => &GET_ALL_TASKS,
            Operation::GetTask { .. } => &GET_TASK,
            Operation::CreateTask { .. } => &CREATE_TASK,
            Operation::UpdateTask { .. } => &UPDATE_TASK,
            Operation::UpdateTaskCompleted { .. } => &UPDATE_TASK_COMPLETED,
            Operation::DeleteTask { .. } => &DELETE_TASK,
            Operation::TaskSearch { .. } => &TASK_SEARCH,
            Operation::GetAllNotes { .. } => &GET_ALL_NOTES,
            Operation::GetNote { .. } => &GET_NOTE,
            Operation::CreateNote { .. } => &CREATE_NOTE,
            Operation::UpdateNote { .. } => &UPDATE_NOTE,
            Operation::DeleteNote { .. } => &DELETE_NOTE,
            Operation::GetAppointmentsForContact { .. } => &GET_APPOINTMENTS_FOR_CONTACT,
            Operation::GetCalendars => &GET_CALENDARS,
            Operation::GetCalendarEvents { .. } => &GET_CALENDAR_EVENTS,
            Operation::AddTags { .. } => &ADD_TAGS,
            Operation::RemoveTags { .. } => &REMOVE_TAGS,
            Operation::CreateAssociation { .. } => &CREATE_ASSOCIATION,
            Operation::AddRemoveContactFromBusiness { .. } => &ADD_REMOVE_CONTACT_FROM_BUSINESS,
            Operation::AddFollowersContact { .. } => &ADD_FOLLOWERS_CONTACT,
            Operation::RemoveFollowersContact { .. } => &REMOVE_FOLLOWERS_CONTACT,
            Operation::AddContactToCampaign { .. } => &ADD_CONTACT_TO_CAMPAIGN,
            Operation::RemoveContactFromCampaign { .. } => &REMOVE_CONTACT_FROM_CAMPAIGN,
            Operation::RemoveContactFromEveryCampaign { .. } => &REMOVE_CONTACT_FROM_EVERY_CAMPAIGN,
            Operation::AddContactToWorkflow { .. } => &ADD_CONTACT_TO_WORKFLOW,
            Operation::DeleteContactFromWorkflow { .. } => &DELETE_CONTACT_FROM_WORKFLOW,
            Operation::GetUserByLocation => &GET_USER_BY_LOCATION,
            Operation::GetCustomFields => &GET_CUSTOM_FIELDS,
            Operation::GetBusinessesByLocation { .. } => &GET_BUSINESSES_BY_LOCATION,
        }
    }

    pub fn is_write(&self) -> bool {
        self.endpoint().is_write()
    }
}

/// Both halves of a cursor, or neither: half of one would silently restart the list.
fn cursor(
    start_after: Option<i64>,
    start_after_id: Option<String>,
) -> Result<Option<Cursor>, Error> {
    match (start_after, start_after_id) {
        (Some(start_after), Some(start_after_id)) => Ok(Some(Cursor {
            start_after,
            start_after_id,
        })),
        (None, None) => Ok(None),
        _ => Err(Error::Invalid {
            message: "a cursor needs both startAfter and startAfterId".into(),
        }),
    }
}

/// Exactly one of the three owners, as HighLevel requires.
fn event_owner(
    calendar_id: Option<String>,
    user_id: Option<String>,
    group_id: Option<String>,
) -> Result<EventOwner, Error> {
    match (calendar_id, user_id, group_id) {
        (Some(id), None, None) => Ok(EventOwner::Calendar(id)),
        (None, Some(id), None) => Ok(EventOwner::User(id)),
        (None, None, Some(id)) => Ok(EventOwner::Group(id)),
        _ => Err(Error::Invalid {
            message: "give exactly one of calendarId, userId and groupId".into(),
        }),
    }
}

fn millis(millis: i64) -> Result<jiff::Timestamp, Error> {
    jiff::Timestamp::from_millisecond(millis).map_err(|error| Error::Invalid {
        message: format!("{millis} is not a time in epoch milliseconds: {error}"),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// The heading an endpoint is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Resource {
    Contacts,
    Tasks,
    Notes,
    Appointments,
    Calendars,
    Tags,
    Followers,
    Campaigns,
    Workflows,
    Bulk,
    Users,
    #[serde(rename = "Custom fields")]
    CustomFields,
    Businesses,
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    Path,
    Query,
    Body,
}

/// What a parameter's value is, which decides how the CLI parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A path segment.
    Id,
    Text,
    /// A non-negative count (`limit`, `skip`), within `range` when given.
    Count,
    /// Epoch milliseconds.
    Millis,
    /// A switch, off unless given.
    Flag,
    /// A JSON request body.
    Json,
}

/// One parameter of an endpoint; `name` is its field in [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    pub name: &'static str,
    /// The CLI's `--flag`.
    pub flag: &'static str,
    #[serde(rename = "in")]
    pub location: Location,
    pub kind: Kind,
    pub required: bool,
    pub default: Option<&'static str>,
    /// Inclusive bounds of a `Count`.
    pub range: Option<(u32, u32)>,
    /// Another parameter this one is meaningless without.
    pub requires: Option<&'static str>,
    /// Parameters this one excludes.
    pub conflicts: &'static [&'static str],
    pub help: &'static str,
}

/// One row of the endpoint table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// [`Operation`]'s tag, and the Explorer's id.
    pub operation: &'static str,
    /// HighLevel's operationId: the `contact-desk api` subcommand.
    pub operation_id: &'static str,
    pub method: HttpMethod,
    /// The path template, ids as `:name`.
    pub path: &'static str,
    pub resource: Resource,
    #[serde(serialize_with = "scope_name")]
    pub scope: Scope,
    pub summary: &'static str,
    pub parameters: &'static [Parameter],
    /// A body to start from, for endpoints that take one.
    pub sample_body: Option<&'static str>,
}

impl Endpoint {
    /// Needing the write scope, it changes data and asks for a confirmation (a search
    /// sent as a POST does not).
    pub fn is_write(&self) -> bool {
        self.scope.is_write()
    }
}

fn scope_name<S: serde::Serializer>(scope: &Scope, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(scope.as_str())
}

const fn param(
    name: &'static str,
    flag: &'static str,
    location: Location,
    kind: Kind,
) -> Parameter {
    Parameter {
        name,
        flag,
        location,
        kind,
        required: matches!(location, Location::Path | Location::Body),
        default: None,
        range: None,
        requires: None,
        conflicts: &[],
        help: "",
    }
}

const CONTACT_ID: Parameter = param("contactId", "contact-id", Location::Path, Kind::Id);
const TASK_ID: Parameter = param("taskId", "task-id", Location::Path, Kind::Id);
const NOTE_ID: Parameter = param("id", "id", Location::Path, Kind::Id);
const BODY: Parameter = Parameter {
    help: "The request body: JSON, `@file` to read it from a file, or `-` for stdin (for \
           bodies over the argument limit)",
    ..param("body", "data", Location::Body, Kind::Json)
};
/// A body every property of which is optional, so `--data` may be left out.
const OPTIONAL_BODY: Parameter = Parameter {
    required: false,
    ..BODY
};
const CAMPAIGN_ID: Parameter = param("campaignId", "campaign-id", Location::Path, Kind::Id);
const WORKFLOW_ID: Parameter = param("workflowId", "workflow-id", Location::Path, Kind::Id);
const SEARCH: Parameter = Parameter {
    help: "Free-text filter (name, email, phone, company)",
    ..param("query", "query", Location::Query, Kind::Text)
};
const LIMIT: Parameter = Parameter {
    default: Some("20"),
    ..param("limit", "limit", Location::Query, Kind::Count)
};

pub const GET_CONTACTS: Endpoint = Endpoint {
    operation: "getContacts",
    operation_id: "get-contacts",
    method: HttpMethod::Get,
    path: "/contacts/",
    resource: Resource::Contacts,
    scope: Scope::ContactsReadonly,
    summary: "One page of the location’s contacts, newest first",
    parameters: &[
        SEARCH,
        Parameter {
            range: Some((1, MAX_PAGE_SIZE)),
            ..LIMIT
        },
        Parameter {
            requires: Some("startAfterId"),
            help: "Epoch milliseconds of the previous page's last contact (with --start-after-id)",
            ..param("startAfter", "start-after", Location::Query, Kind::Millis)
        },
        Parameter {
            requires: Some("startAfter"),
            ..param(
                "startAfterId",
                "start-after-id",
                Location::Query,
                Kind::Text,
            )
        },
        Parameter {
            conflicts: &["startAfter", "startAfterId"],
            help: "Follow the cursor to the last page and print every contact",
            ..param("all", "all", Location::Query, Kind::Flag)
        },
    ],
    sample_body: None,
};

pub const GET_CONTACT: Endpoint = Endpoint {
    operation: "getContact",
    operation_id: "get-contact",
    method: HttpMethod::Get,
    path: "/contacts/:contactId",
    resource: Resource::Contacts,
    scope: Scope::ContactsReadonly,
    summary: "One contact with its custom fields and tags",
    parameters: &[CONTACT_ID],
    sample_body: None,
};

pub const SEARCH_CONTACTS_ADVANCED: Endpoint = Endpoint {
    operation: "searchContactsAdvanced",
    operation_id: "search-contacts-advanced",
    method: HttpMethod::Post,
    path: "/contacts/search",
    resource: Resource::Contacts,
    scope: Scope::ContactsReadonly,
    summary: "Contacts by filters and sort, paged by page (10,000 at most) or searchAfter",
    parameters: &[BODY],
    sample_body: Some(
        r#"{"pageLimit": 20, "filters": [{"field": "dateUpdated", "operator": "range", "value": {"gte": "2026-01-01T00:00:00.000Z"}}], "sort": [{"field": "dateUpdated", "direction": "asc"}]}"#,
    ),
};

pub const GET_DUPLICATE_CONTACT: Endpoint = Endpoint {
    operation: "getDuplicateContact",
    operation_id: "get-duplicate-contact",
    method: HttpMethod::Get,
    path: "/contacts/search/duplicate",
    resource: Resource::Contacts,
    scope: Scope::ContactsReadonly,
    summary: "The contact an email or phone already belongs to (email first), or null",
    parameters: &[
        param("email", "email", Location::Query, Kind::Text),
        Parameter {
            help: "A phone number, e.g. +14155550123",
            ..param("number", "number", Location::Query, Kind::Text)
        },
    ],
    sample_body: None,
};

pub const GET_CONTACTS_BY_BUSINESS_ID: Endpoint = Endpoint {
    operation: "getContactsByBusinessId",
    operation_id: "get-contacts-by-businessId",
    method: HttpMethod::Get,
    path: "/contacts/business/:businessId",
    resource: Resource::Contacts,
    scope: Scope::ContactsReadonly,
    summary: "A business’s contacts, paged by skip and limit",
    parameters: &[
        param("businessId", "business-id", Location::Path, Kind::Id),
        Parameter {
            default: Some("0"),
            ..param("skip", "skip", Location::Query, Kind::Count)
        },
        LIMIT,
        param("query", "query", Location::Query, Kind::Text),
    ],
    sample_body: None,
};

pub const CREATE_CONTACT: Endpoint = Endpoint {
    operation: "createContact",
    operation_id: "create-contact",
    method: HttpMethod::Post,
    path: "/contacts/",
    resource: Resource::Contacts,
    scope: Scope::ContactsWrite,
    summary: "Creates a contact (never retried: a failed create may still have created it)",
    parameters: &[BODY],
    sample_body: Some(r#"{"firstName": "Ada", "email": "ada@example.com"}"#),
};

pub const UPSERT_CONTACT: Endpoint = Endpoint {
    operation: "upsertContact",
    operation_id: "upsert-contact",
    method: HttpMethod::Post,
    path: "/contacts/upsert",
    resource: Resource::Contacts,
    scope: Scope::ContactsWrite,
    summary: "Updates the contact with this email (else phone), or creates one (never retried)",
    parameters: &[BODY],
    sample_body: Some(r#"{"email": "ada@example.com", "companyName": "Analytical Engines"}"#),
};

pub const UPDATE_CONTACT: Endpoint = Endpoint {
    operation: "updateContact",
    operation_id: "update-contact",
    method: HttpMethod::Put,
    path: "/contacts/:contactId",
    resource: Resource::Contacts,
    scope: Scope::ContactsWrite,
    summary: "Changes the fields given; the rest stay as they are",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(r#"{"companyName": "Analytical Engines"}"#),
};

pub const DELETE_CONTACT: Endpoint = Endpoint {
    operation: "deleteContact",
    operation_id: "delete-contact",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId",
    resource: Resource::Contacts,
    scope: Scope::ContactsWrite,
    summary: "Deletes the contact with its tasks and notes",
    parameters: &[CONTACT_ID],
    sample_body: None,
};

pub const GET_ALL_TASKS: Endpoint = Endpoint {
    operation: "getAllTasks",
    operation_id: "get-all-tasks",
    method: HttpMethod::Get,
    path: "/contacts/:contactId/tasks",
    resource: Resource::Tasks,
    scope: Scope::ContactsReadonly,
    summary: "Every task of a contact",
    parameters: &[CONTACT_ID],
    sample_body: None,
};

pub const GET_TASK: Endpoint = Endpoint {
    operation: "getTask",
    operation_id: "get-task",
    method: HttpMethod::Get,
    path: "/contacts/:contactId/tasks/:taskId",
    resource: Resource::Tasks,
    scope: Scope::ContactsReadonly,
    summary: "One task",
    parameters: &[CONTACT_ID, TASK_ID],
    sample_body: None,
};

pub const CREATE_TASK: Endpoint = Endpoint {
    operation: "createTask",
    operation_id: "create-task",
    method: HttpMethod::Post,
    path: "/contacts/:contactId/tasks",
    resource: Resource::Tasks,
    scope: Scope::ContactsWrite,
    summary: "Adds a task (HighLevel requires a title and a due date)",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(
        r#"{"title": "Call back", "dueDate": "2026-12-01T09:00:00Z", "completed": false}"#,
    ),
};

pub const UPDATE_TASK: Endpoint = Endpoint {
    operation: "updateTask",
    operation_id: "update-task",
    method: HttpMethod::Put,
    path: "/contacts/:contactId/tasks/:taskId",
    resource: Resource::Tasks,
    scope: Scope::ContactsWrite,
    summary: "Changes the fields given; the rest stay as they are",
    parameters: &[CONTACT_ID, TASK_ID, BODY],
    sample_body: Some(r#"{"title": "Call back after lunch"}"#),
};

pub const UPDATE_TASK_COMPLETED: Endpoint = Endpoint {
    operation: "updateTaskCompleted",
    operation_id: "update-task-completed",
    method: HttpMethod::Put,
    path: "/contacts/:contactId/tasks/:taskId/completed",
    resource: Resource::Tasks,
    scope: Scope::ContactsWrite,
    summary: "Marks a task completed or open again",
    parameters: &[CONTACT_ID, TASK_ID, BODY],
    sample_body: Some(r#"{"completed": true}"#),
};

pub const DELETE_TASK: Endpoint = Endpoint {
    operation: "deleteTask",
    operation_id: "delete-task",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/tasks/:taskId",
    resource: Resource::Tasks,
    scope: Scope::ContactsWrite,
    summary: "Deletes a task",
    parameters: &[CONTACT_ID, TASK_ID],
    sample_body: None,
};

pub const TASK_SEARCH: Endpoint = Endpoint {
    operation: "taskSearch",
    operation_id: "task-search",
    method: HttpMethod::Post,
    path: "/locations/:locationId/tasks/search",
    resource: Resource::Tasks,
    scope: Scope::LocationsTasksReadonly,
    summary: "The location’s tasks by contact, status or assignee, paged by skip and limit",
    parameters: &[BODY],
    sample_body: Some(r#"{"completed": false, "limit": 25, "skip": 0}"#),
};

pub const GET_ALL_NOTES: Endpoint = Endpoint {
    operation: "getAllNotes",
    operation_id: "get-all-notes",
    method: HttpMethod::Get,
    path: "/contacts/:contactId/notes",
    resource: Resource::Notes,
    scope: Scope::ContactsReadonly,
    summary: "Every note of a contact",
    parameters: &[CONTACT_ID],
    sample_body: None,
};

pub const GET_NOTE: Endpoint = Endpoint {
    operation: "getNote",
    operation_id: "get-note",
    method: HttpMethod::Get,
    path: "/contacts/:contactId/notes/:id",
    resource: Resource::Notes,
    scope: Scope::ContactsReadonly,
    summary: "One note",
    parameters: &[CONTACT_ID, NOTE_ID],
    sample_body: None,
};

pub const CREATE_NOTE: Endpoint = Endpoint {
    operation: "createNote",
    operation_id: "create-note",
    method: HttpMethod::Post,
    path: "/contacts/:contactId/notes",
    resource: Resource::Notes,
    scope: Scope::ContactsWrite,
    summary: "Adds a note (HighLevel requires a body; never retried)",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(r#"{"body": "Called, left a message", "title": "Follow-up"}"#),
};

pub const UPDATE_NOTE: Endpoint = Endpoint {
    operation: "updateNote",
    operation_id: "update-note",
    method: HttpMethod::Put,
    path: "/contacts/:contactId/notes/:id",
    resource: Resource::Notes,
    scope: Scope::ContactsWrite,
    summary: "Changes the fields given; the rest stay as they are",
    parameters: &[CONTACT_ID, NOTE_ID, BODY],
    sample_body: Some(r#"{"body": "Called back, booked a demo", "pinned": true}"#),
};

pub const DELETE_NOTE: Endpoint = Endpoint {
    operation: "deleteNote",
    operation_id: "delete-note",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/notes/:id",
    resource: Resource::Notes,
    scope: Scope::ContactsWrite,
    summary: "Deletes a note",
    parameters: &[CONTACT_ID, NOTE_ID],
    sample_body: None,
};

pub const GET_APPOINTMENTS_FOR_CONTACT: Endpoint = Endpoint {
    operation: "getAppointmentsForContact",
    operation_id: "get-appointments-for-contact",
    method: HttpMethod::Get,
    path: "/contacts/:contactId/appointments",
    resource: Resource::Appointments,
    scope: Scope::ContactsReadonly,
    summary: "A contact’s appointments (times are the location’s wall clock)",
    parameters: &[CONTACT_ID],
    sample_body: None,
};

pub const GET_CALENDARS: Endpoint = Endpoint {
    operation: "getCalendars",
    operation_id: "get-calendars",
    method: HttpMethod::Get,
    path: "/calendars/",
    resource: Resource::Calendars,
    scope: Scope::CalendarsReadonly,
    summary: "The location’s calendars",
    parameters: &[],
    sample_body: None,
};

const fn event_time(name: &'static str, flag: &'static str, help: &'static str) -> Parameter {
    Parameter {
        required: true,
        help,
        ..param(name, flag, Location::Query, Kind::Millis)
    }
}

pub const GET_CALENDAR_EVENTS: Endpoint = Endpoint {
    operation: "getCalendarEvents",
    operation_id: "get-calendar-events",
    method: HttpMethod::Get,
    path: "/calendars/events",
    resource: Resource::Calendars,
    scope: Scope::CalendarsEventsReadonly,
    summary: "One calendar’s, user’s or group’s events starting in a time window",
    parameters: &[
        Parameter {
            conflicts: &["userId", "groupId"],
            help: "Exactly one of --calendar-id, --user-id and --group-id",
            ..param("calendarId", "calendar-id", Location::Query, Kind::Text)
        },
        Parameter {
            conflicts: &["calendarId", "groupId"],
            ..param("userId", "user-id", Location::Query, Kind::Text)
        },
        Parameter {
            conflicts: &["calendarId", "userId"],
            ..param("groupId", "group-id", Location::Query, Kind::Text)
        },
        event_time("startTime", "start-time", "Epoch milliseconds"),
        event_time("endTime", "end-time", "Epoch milliseconds"),
    ],
    sample_body: None,
};

pub const ADD_TAGS: Endpoint = Endpoint {
    operation: "addTags",
    operation_id: "add-tags",
    method: HttpMethod::Post,
    path: "/contacts/:contactId/tags",
    resource: Resource::Tags,
    scope: Scope::ContactsWrite,
    summary: "Adds tags, keeping the ones the contact has",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(r#"{"tags": ["vip"]}"#),
};

pub const REMOVE_TAGS: Endpoint = Endpoint {
    operation: "removeTags",
    operation_id: "remove-tags",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/tags",
    resource: Resource::Tags,
    scope: Scope::ContactsWrite,
    summary: "Removes tags, keeping the others",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(r#"{"tags": ["vip"]}"#),
};

pub const CREATE_ASSOCIATION: Endpoint = Endpoint {
    operation: "createAssociation",
    operation_id: "create-association",
    method: HttpMethod::Post,
    path: "/contacts/bulk/tags/update/:type",
    resource: Resource::Bulk,
    scope: Scope::ContactsWrite,
    summary: "Adds tags to, or removes them from, every contact listed (never retried)",
    parameters: &[
        Parameter {
            help: "add or remove",
            ..param("type", "type", Location::Path, Kind::Id)
        },
        BODY,
    ],
    sample_body: Some(r#"{"contacts": ["CONTACT_ID"], "tags": ["vip"]}"#),
};

pub const ADD_REMOVE_CONTACT_FROM_BUSINESS: Endpoint = Endpoint {
    operation: "addRemoveContactFromBusiness",
    operation_id: "add-remove-contact-from-business",
    method: HttpMethod::Post,
    path: "/contacts/bulk/business",
    resource: Resource::Bulk,
    scope: Scope::ContactsWrite,
    summary: "Moves every contact listed into a business, or out of theirs with null",
    parameters: &[BODY],
    sample_body: Some(r#"{"ids": ["CONTACT_ID"], "businessId": null}"#),
};

pub const ADD_FOLLOWERS_CONTACT: Endpoint = Endpoint {
    operation: "addFollowersContact",
    operation_id: "add-followers-contact",
    method: HttpMethod::Post,
    path: "/contacts/:contactId/followers",
    resource: Resource::Followers,
    scope: Scope::ContactsWrite,
    summary: "Adds users as the contact's followers, keeping the others",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(r#"{"followers": ["USER_ID"]}"#),
};

pub const REMOVE_FOLLOWERS_CONTACT: Endpoint = Endpoint {
    operation: "removeFollowersContact",
    operation_id: "remove-followers-contact",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/followers",
    resource: Resource::Followers,
    scope: Scope::ContactsWrite,
    summary: "Removes users from the contact's followers",
    parameters: &[CONTACT_ID, BODY],
    sample_body: Some(r#"{"followers": ["USER_ID"]}"#),
};

pub const ADD_CONTACT_TO_CAMPAIGN: Endpoint = Endpoint {
    operation: "addContactToCampaign",
    operation_id: "add-contact-to-campaign",
    method: HttpMethod::Post,
    path: "/contacts/:contactId/campaigns/:campaignId",
    resource: Resource::Campaigns,
    scope: Scope::ContactsWrite,
    summary: "Enrolls the contact in a campaign (never retried)",
    parameters: &[CONTACT_ID, CAMPAIGN_ID],
    sample_body: None,
};

pub const REMOVE_CONTACT_FROM_CAMPAIGN: Endpoint = Endpoint {
    operation: "removeContactFromCampaign",
    operation_id: "remove-contact-from-campaign",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/campaigns/:campaignId",
    resource: Resource::Campaigns,
    scope: Scope::ContactsWrite,
    summary: "Removes the contact from a campaign",
    parameters: &[CONTACT_ID, CAMPAIGN_ID],
    sample_body: None,
};

pub const REMOVE_CONTACT_FROM_EVERY_CAMPAIGN: Endpoint = Endpoint {
    operation: "removeContactFromEveryCampaign",
    operation_id: "remove-contact-from-every-campaign",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/campaigns/removeAll",
    resource: Resource::Campaigns,
    scope: Scope::ContactsWrite,
    summary: "Removes the contact from every campaign",
    parameters: &[CONTACT_ID],
    sample_body: None,
};

pub const ADD_CONTACT_TO_WORKFLOW: Endpoint = Endpoint {
    operation: "addContactToWorkflow",
    operation_id: "add-contact-to-workflow",
    method: HttpMethod::Post,
    path: "/contacts/:contactId/workflow/:workflowId",
    resource: Resource::Workflows,
    scope: Scope::ContactsWrite,
    summary: "Enrolls the contact in a workflow, its events from eventStartTime (else now)",
    parameters: &[CONTACT_ID, WORKFLOW_ID, OPTIONAL_BODY],
    sample_body: Some(r#"{"eventStartTime": "2026-12-01T09:00:00+00:00"}"#),
};

pub const DELETE_CONTACT_FROM_WORKFLOW: Endpoint = Endpoint {
    operation: "deleteContactFromWorkflow",
    operation_id: "delete-contact-from-workflow",
    method: HttpMethod::Delete,
    path: "/contacts/:contactId/workflow/:workflowId",
    resource: Resource::Workflows,
    scope: Scope::ContactsWrite,
    summary: "Removes the contact from a workflow",
    parameters: &[CONTACT_ID, WORKFLOW_ID, OPTIONAL_BODY],
    sample_body: Some(r#"{}"#),
};

pub const GET_USER_BY_LOCATION: Endpoint = Endpoint {
    operation: "getUserByLocation",
    operation_id: "get-user-by-location",
    method: HttpMethod::Get,
    path: "/users/",
    resource: Resource::Users,
    scope: Scope::UsersReadonly,
    summary: "The location’s users: who owns, is assigned or hosts (the names shown for ids)",
    parameters: &[],
    sample_body: None,
};

pub const GET_CUSTOM_FIELDS: Endpoint = Endpoint {
    operation: "getCustomFields",
    operation_id: "get-custom-fields",
    method: HttpMethod::Get,
    path: "/locations/:locationId/customFields",
    resource: Resource::CustomFields,
    scope: Scope::LocationsCustomFieldsReadonly,
    summary: "The location’s contact custom fields: name, key, type and options",
    parameters: &[],
    sample_body: None,
};

pub const GET_BUSINESSES_BY_LOCATION: Endpoint = Endpoint {
    operation: "getBusinessesByLocation",
    operation_id: "get-businesses-by-location",
    method: HttpMethod::Get,
    path: "/businesses/",
    resource: Resource::Businesses,
    scope: Scope::BusinessesReadonly,
    summary: "One page of the location’s businesses, paged by skip and limit",
    parameters: &[
        Parameter {
            default: Some("0"),
            ..param("skip", "skip", Location::Query, Kind::Count)
        },
        Parameter {
            default: Some(BUSINESS_PAGE_TEXT),
            ..param("limit", "limit", Location::Query, Kind::Count)
        },
    ],
    sample_body: None,
};

/// [`BUSINESS_PAGE`] as a flag's default.
const BUSINESS_PAGE_TEXT: &str = "100";
const _: () = assert!(BUSINESS_PAGE == 100);

/// Every endpoint, in the order the Explorer lists them (a slice: serde serializes arrays
/// of at most 32).
pub const ENDPOINTS: &[Endpoint] = &[
    GET_CONTACTS,
    GET_CONTACT,
    SEARCH_CONTACTS_ADVANCED,
    GET_DUPLICATE_CONTACT,
    GET_CONTACTS_BY_BUSINESS_ID,
    CREATE_CONTACT,
    UPSERT_CONTACT,
    UPDATE_CONTACT,
    DELETE_CONTACT,
    GET_ALL_TASKS,
    GET_TASK,
    CREATE_TASK,
    UPDATE_TASK,
    UPDATE_TASK_COMPLETED,
    DELETE_TASK,
    TASK_SEARCH,
    GET_ALL_NOTES,
    GET_NOTE,
    CREATE_NOTE,
    UPDATE_NOTE,
    DELETE_NOTE,
    GET_APPOINTMENTS_FOR_CONTACT,
    GET_CALENDARS,
    GET_CALENDAR_EVENTS,
    ADD_TAGS,
    REMOVE_TAGS,
    ADD_FOLLOWERS_CONTACT,
    REMOVE_FOLLOWERS_CONTACT,
    ADD_CONTACT_TO_CAMPAIGN,
    REMOVE_CONTACT_FROM_CAMPAIGN,
    REMOVE_CONTACT_FROM_EVERY_CAMPAIGN,
    ADD_CONTACT_TO_WORKFLOW,
    DELETE_CONTACT_FROM_WORKFLOW,
    CREATE_ASSOCIATION,
    ADD_REMOVE_CONTACT_FROM_BUSINESS,
    GET_USER_BY_LOCATION,
    GET_CUSTOM_FIELDS,
    GET_BUSINESSES_BY_LOCATION,
];

/// The README's endpoint list: one line per endpoint, as `contact-desk api` names it.
pub fn markdown_table() -> String {
    let mut table =
        String::from("| `contact-desk api` | Method | Path | Scope |\n|---|---|---|---|\n");
    for endpoint in ENDPOINTS {
        table.push_str(&format!(
            "| `{}` | {} | `{}` | `{}` |\n",
            endpoint.operation_id,
            endpoint.method.as_str(),
            endpoint.path,
            endpoint.scope.as_str()
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use secrecy::SecretString;
    use serde_json::{json, Map, Value};

    use super::*;
    use crate::highlevel::{Client, ClientConfig, RequestRecord, StaticToken};
    use crate::sandbox::{Sandbox, SandboxConfig, CAMPAIGN_IDS, WORKFLOW_IDS};

    /// A value of the parameter's kind, as the CLI would hand it over.
    fn sample(endpoint: &Endpoint, parameter: &Parameter) -> Value {
        match parameter.kind {
            // The one path parameter that is a choice, not an id.
            Kind::Id if parameter.name == "type" => json!("add"),
            Kind::Id | Kind::Text => json!("x"),
            Kind::Count => json!(1),
            Kind::Millis => json!(1_700_000_000_000_i64),
            Kind::Flag => json!(false),
            Kind::Json => serde_json::from_str(endpoint.sample_body.unwrap_or("null")).unwrap(),
        }
    }

    /// Each row's parameters are exactly its operation's fields, under the same tag.
    #[test]
    fn every_row_builds_its_own_operation() {
        for endpoint in ENDPOINTS {
            let mut object = Map::new();
            object.insert("operation".into(), json!(endpoint.operation));
            for parameter in endpoint.parameters {
                object.insert(parameter.name.into(), sample(endpoint, parameter));
            }
            let operation: Operation = serde_json::from_value(Value::Object(object.clone()))
                .unwrap_or_else(|error| panic!("{}: {error}", endpoint.operation));
            assert_eq!(operation.endpoint(), endpoint);
            let round_trip = serde_json::to_value(&operation).unwrap();
            let mut fields: Vec<_> = round_trip.as_object().unwrap().keys().cloned().collect();
            let mut named: Vec<_> = object.keys().cloned().collect();
            fields.sort();
            named.sort();
            assert_eq!(fields, named, "{}", endpoint.operation);
            let takes_body = endpoint.parameters.iter().any(|p| p.kind == Kind::Json);
            assert_eq!(endpoint.sample_body.is_some(), takes_body);
        }
    }

    /// Sends every row to the sandbox: the client's call must have the row's method and
    /// path, and the sandbox must serve it.
    #[tokio::test]
    async fn every_row_is_the_clients_call_and_a_sandbox_route() {
        let mut config = SandboxConfig::seeded(7);
        config.contacts = 12;
        config.businesses = 3;
        let sandbox = Sandbox::start(config).await.unwrap();
        let token = Arc::new(StaticToken::new(SecretString::from(
            sandbox.token().to_owned(),
        )));
        let config = ClientConfig::new(&sandbox.base_url(), sandbox.location_id()).unwrap();
        let records: Arc<Mutex<Vec<RequestRecord>>> = Arc::default();
        let sink = records.clone();
        let api = Client::new(config, token)
            .unwrap()
            .interactive()
            .observed_by(Arc::new(move |record: &RequestRecord| {
                sink.lock().unwrap().push(record.clone());
            }));
        let ids = sandbox_ids(&api).await;

        // Deletes last, the contact's after everything else of it.
        let mut rows: Vec<&Endpoint> = ENDPOINTS.iter().collect();
        rows.sort_by_key(|row| (row.method == HttpMethod::Delete, *row == &DELETE_CONTACT));
        for row in rows {
            let mut object = Map::new();
            object.insert("operation".into(), json!(row.operation));
            for parameter in row.parameters {
                let value = match (parameter.kind, parameter.default) {
                    (Kind::Id, _) => json!(ids[parameter.name]),
                    (Kind::Count, Some(default)) => json!(default.parse::<u32>().unwrap()),
                    _ => sample(row, parameter),
                };
                object.insert(parameter.name.into(), value);
            }
            // One event owner of three; the search bodies' samples filter nothing out.
            object.retain(|name, _| {
                !matches!(
                    name.as_str(),
                    "query" | "startAfter" | "startAfterId" | "userId" | "groupId"
                )
            });
            let operation: Operation = serde_json::from_value(Value::Object(object)).unwrap();
            operation
                .execute(&api)
                .await
                .unwrap_or_else(|error| panic!("{}: {error}", row.operation));
            let last = records.lock().unwrap().last().cloned().unwrap();
            assert_eq!(
                (last.method.as_str(), last.path.as_str()),
                (row.method.as_str(), row.path),
                "{}",
                row.operation
            );
        }
        sandbox.shutdown().await;
    }

    /// A contact with a note and a business, and a task of its own.
    async fn sandbox_ids(api: &Api) -> Value {
        let page = api.contacts().list(&ContactQuery::default()).await.unwrap();
        for contact in page.contacts {
            let notes = api.notes(&contact.id).list().await.unwrap();
            if let (Some(note), Some(business_id)) = (notes.first(), &contact.business_id) {
                let sample = CREATE_TASK.sample_body.unwrap_or_default();
                let task: NewTask = serde_json::from_str(sample).unwrap();
                let task = api.tasks(&contact.id).create(&task).await.unwrap();
                return json!({
                    "contactId": contact.id,
                    "taskId": task.id,
                    "id": note.id,
                    "businessId": business_id,
                    "campaignId": CAMPAIGN_IDS[0],
                    "type": "add",
                    "workflowId": WORKFLOW_IDS[0],
                });
            }
        }
        panic!("no seeded contact has both a note and a business");
    }

    #[test]
    fn reads_are_the_gets() {
        let read = Operation::GetContact {
            contact_id: "c".into(),
        };
        let write = Operation::DeleteContact {
            contact_id: "c".into(),
        };
        assert!(!read.is_write());
        assert!(write.is_write());
    }

    #[test]
    fn the_readme_lists_every_endpoint() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&markdown_table()),
            "README.md's endpoint table differs from highlevel::operation::markdown_table()"
        );
    }
}
