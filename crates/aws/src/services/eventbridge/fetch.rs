//! EventBridge through the SDK: every rule of the default bus, then each rule's targets
//! (concurrently, within the task's bound). Neither list has an SDK paginator.

use aws_sdk_eventbridge as events;
use futures_util::future::try_join_all;

use super::{EventBridgeRecords, Rule, Target};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EventBridgeRecords, ApiError> {
    let c = events::Client::from_conf(
        events::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut rules = Vec::new();
    let mut token = None;
    loop {
        let out = ctx
            .limit
            .run(c.list_rules().set_next_token(token).send())
            .await
            .map_err(|err| ApiError::new("events:ListRules", err))?;
        rules.extend(out.rules().iter().map(|r| Rule {
            name: s(r.name()),
            arn: req(r.arn()),
            event_pattern: s(r.event_pattern()),
            state: e(r.state()),
            description: s(r.description()),
            schedule_expression: s(r.schedule_expression()),
            role_arn: s(r.role_arn()),
            managed_by: s(r.managed_by()),
            event_bus_name: s(r.event_bus_name()),
            targets: Vec::new(),
        }));
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let c = &c;
    let rules = try_join_all(rules.into_iter().map(|mut rule| async move {
        let name = rule.name.clone().unwrap_or_default();
        let mut token = None;
        loop {
            let out = ctx
                .limit
                .run(
                    c.list_targets_by_rule()
                        .rule(&name)
                        .set_next_token(token)
                        .send(),
                )
                .await
                .map_err(|err| ApiError::new("events:ListTargetsByRule", err))?;
            rule.targets.extend(out.targets().iter().map(|t| Target {
                id: Some(t.id().to_string()),
                arn: t.arn().to_string(),
                role_arn: s(t.role_arn()),
            }));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok::<_, ApiError>(rule)
    }))
    .await?;
    Ok(EventBridgeRecords { rules })
}
