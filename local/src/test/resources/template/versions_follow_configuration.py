"""Transforms template.yaml with the SAM translator, once per parameter set, for TemplateVersionsTest.

Run with the project's virtualenv from the project root; prints one JSON document:

  {"baseline": <facts>, "variants": {"<Parameter>": {"value": ..., "withRevision": <facts>,
                                                      "sameRevision": <facts>}, ...}}

where <facts> are, for each function, the logical id of its AWS::Lambda::Version, the version its alias points at,
its Description, its role, and what invokes it (API integrations, permissions, the rule's target, the async invoke
config, the SQS event source mapping).
`withRevision` is the transform with the parameter changed and ConfigurationRevision computed by
scripts/configuration_revision.py (what scripts/deploy.sh does); `sameRevision` changes the parameter alone, which is
what SAM itself sees of a parameter-only change without the revision.
"""

import json
import sys
from copy import deepcopy
from pathlib import Path

sys.path.insert(0, str(Path("scripts").resolve()))

import configuration_revision  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

FUNCTIONS = ("SendSummaryFunction", "SendRefreshFunction", "EngagementWorkerFunction")
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sfmc-AbCdEf"


class PolicyLoader:
    """The managed policies the transform may look up by name (X-Ray with TracingMode Active)."""

    def load(self):
        return {"AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"}


def variant(name, definition, current):
    """Another valid value of the parameter."""
    if "AllowedValues" in definition:
        return next(str(v) for v in definition["AllowedValues"] if str(v) != current)
    if definition.get("Type") == "Number":
        return str(int(current) + 1)
    special = {
        "SfmcSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:sfmc-other-XyZabc",
        "SfmcSecretKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        "JwtIssuer": "https://issuer.example.com",
        "JwtAudience": "dashboard",
        "CorsAllowOrigins": "https://dashboard.example.com",
        "EventProducerPrincipals": "210987654321",
        "RefreshFollowUps": "PT30M",
        "AllowedClientIds": "100002",
        "AlarmTopicArn": "arn:aws:sns:us-east-1:123456789012:alarms",
    }
    if name in special:
        return special[name]
    raise SystemExit(f"versions_follow_configuration: no variant value for parameter {name}; add one")


def facts(template, parameters):
    out = transform(deepcopy(template), parameters, PolicyLoader())
    resources = out["Resources"]
    result = {}
    for function in FUNCTIONS:
        versions = [k for k, v in resources.items()
                    if v["Type"] == "AWS::Lambda::Version" and v["Properties"]["FunctionName"] == {"Ref": function}]
        aliases = {k: v for k, v in resources.items()
                   if v["Type"] == "AWS::Lambda::Alias" and v["Properties"]["FunctionName"] == {"Ref": function}}
        invoked = []
        for key, resource in resources.items():
            props = resource.get("Properties", {})
            if resource["Type"] == "AWS::Lambda::Permission" and function in json.dumps(props["FunctionName"]):
                invoked.append({"permission": key, "target": props["FunctionName"]})
            if resource["Type"] == "AWS::Events::Rule" and function in json.dumps(props.get("Targets", [])):
                invoked.append({"rule": key, "target": [t["Arn"] for t in props["Targets"]]})
            if resource["Type"] == "AWS::Lambda::EventInvokeConfig" and props["FunctionName"] == {"Ref": function}:
                invoked.append({"eventInvokeConfig": key, "qualifier": props.get("Qualifier")})
            if resource["Type"] == "AWS::Lambda::EventSourceMapping" and function in json.dumps(props["FunctionName"]):
                invoked.append({"eventSourceMapping": key, "target": props["FunctionName"],
                                "source": props.get("EventSourceArn"), "batchSize": props.get("BatchSize"),
                                "functionResponseTypes": props.get("FunctionResponseTypes"),
                                "scalingConfig": props.get("ScalingConfig")})
        body = json.dumps(resources.get("SendSummaryApi", {}).get("Properties", {}).get("Body", {}))
        function_resource = resources[function]["Properties"]
        result[function] = {
            "versions": versions,
            "aliases": {k: v["Properties"]["FunctionVersion"] for k, v in aliases.items()},
            "description": function_resource.get("Description"),
            "snapStart": function_resource.get("SnapStart"),
            "invokedThrough": invoked,
            "apiIntegrationsOfFunction": body.count("${" + function + "}"),
            "apiIntegrationsOfAlias": body.count("${" + function + "Alias"),
            "role": resources[function]["Properties"].get("Role"),
            "generatedRoleManagedPolicies": resources.get(function + "Role", {}).get("Properties", {})
            .get("ManagedPolicyArns"),
        }
    return result


def main():
    template = yaml_parse(Path("template.yaml").read_text(encoding="utf-8"))
    # What `sam package` does to a local CodeUri: the transform only accepts an S3 location.
    template["Globals"]["Function"]["CodeUri"] = "s3://artifacts/functions.zip"
    definitions = template["Parameters"]
    base_values = configuration_revision.effective_values(definitions, {"SfmcSecretArn": SECRET})
    base_revision = configuration_revision.revision(base_values)
    report = {"baseline": facts(template, {**base_values, "ConfigurationRevision": base_revision}),
              "baselineRevision": base_revision, "variants": {}}
    for name, definition in definitions.items():
        if name == configuration_revision.REVISION_PARAMETER:
            continue
        values = dict(base_values)
        values[name] = variant(name, definition, base_values[name])
        if name in ("AuthorizerType",):
            values.update({"JwtIssuer": "https://issuer.example.com", "JwtAudience": "dashboard"})
        revision = configuration_revision.revision(values)
        report["variants"][name] = {
            "value": values[name],
            "revision": revision,
            "withRevision": facts(template, {**values, "ConfigurationRevision": revision}),
            "sameRevision": facts(template, {**values, "ConfigurationRevision": base_revision}),
        }
    json.dump(report, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
