"""The ConfigurationRevision parameter of template.yaml: a hash of every other parameter's effective value.

SAM publishes a new function version (and so a new SnapStart snapshot, and moves the alias `live`) when the version's
logical id changes, and it derives that id from the code location and the *text* of the function's properties: a
parameter-only change (`!Ref SummaryTtlRecentSeconds` stays the same text) publishes nothing (SAM issue #3820). The
one input SAM resolves against the parameter values is AutoPublishCodeSha256, which each function sets to this
revision. A hash rather than the values themselves: SAM appends AutoPublishCodeSha256 to the function's
Description, which Lambda caps at 256 characters.

Every parameter is folded in, not only those the functions read: a change elsewhere (an alarm topic) then publishes
a version too, which costs a snapshot and never leaves an alias on an old configuration.

    python3 scripts/configuration_revision.py [--template template.yaml] [--samconfig samconfig.toml]
        [--config-env default] [KEY=VALUE ...]

prints the revision. Effective values: the template's defaults, then samconfig.toml's parameter_overrides of the
config env, then the KEY=VALUE arguments. `--print-overrides` prints instead every parameter's effective value and
the revision, one KEY=VALUE a line in the form `sam deploy --parameter-overrides` takes, for scripts/deploy.sh: passing
every value explicitly means none keeps a value of an earlier deploy (SAM's UsePreviousValue) that the hash did not
see. Run it with the project's virtualenv (it parses the template with
the SAM translator's YAML loader, which knows CloudFormation's short-form tags).
"""

import argparse
import hashlib
import shlex
import sys
import tomllib
from pathlib import Path

from samtranslator.yaml_helper import yaml_parse

REVISION_PARAMETER = "ConfigurationRevision"


def template_parameters(template_path):
    """The template's parameters: name -> definition."""
    template = yaml_parse(Path(template_path).read_text(encoding="utf-8"))
    return template.get("Parameters", {})


def samconfig_overrides(samconfig_path, config_env):
    """KEY=VALUE pairs of `<config_env>.deploy.parameters.parameter_overrides` (or the global section's), as a dict."""
    path = Path(samconfig_path)
    if not path.is_file():
        return {}
    config = tomllib.loads(path.read_text(encoding="utf-8")).get(config_env, {})
    overrides = None
    for command in ("deploy", "global"):
        overrides = config.get(command, {}).get("parameters", {}).get("parameter_overrides")
        if overrides is not None:
            break
    if overrides is None:
        return {}
    pairs = overrides if isinstance(overrides, list) else shlex.split(overrides)
    return parse_pairs(pairs)


def parse_pairs(pairs):
    result = {}
    for pair in pairs:
        if "=" not in pair:
            raise SystemExit(f"configuration_revision: expected KEY=VALUE, got {pair!r}")
        key, value = pair.split("=", 1)
        result[key.strip()] = value
    return result


def effective_values(parameters, overrides):
    """Every parameter but the revision itself: its override, else its default. Unknown overrides are refused."""
    unknown = sorted(set(overrides) - set(parameters))
    if unknown:
        raise SystemExit(f"configuration_revision: not parameters of the template: {', '.join(unknown)}")
    values = {}
    for name, definition in parameters.items():
        if name == REVISION_PARAMETER:
            continue
        if name in overrides:
            values[name] = str(overrides[name])
        elif "Default" in definition:
            default = definition["Default"]
            values[name] = ",".join(map(str, default)) if isinstance(default, list) else str(default)
        else:
            raise SystemExit(f"configuration_revision: {name} has no default; pass {name}=<value> "
                             "(or keep it in samconfig.toml's parameter_overrides)")
    return values


def revision(values):
    """16 hex digits of the SHA-256 of the sorted NAME=VALUE lines."""
    text = "\n".join(f"{name}={values[name]}" for name in sorted(values))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sam_cli_value(value):
    """The value as SAM CLI's --parameter-overrides parses it: quoted when empty or holding a space."""
    if '"' in value:
        raise SystemExit(f"configuration_revision: a parameter value holds a double quote: {value!r}")
    return f'"{value}"' if value == "" or any(c.isspace() for c in value) else value


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default="template.yaml")
    parser.add_argument("--samconfig", default="samconfig.toml")
    parser.add_argument("--config-env", default="default")
    parser.add_argument("--print-overrides", action="store_true")
    parser.add_argument("overrides", nargs="*", metavar="KEY=VALUE")
    args = parser.parse_args(argv)

    parameters = template_parameters(args.template)
    overrides = samconfig_overrides(args.samconfig, args.config_env)
    overrides.update(parse_pairs(args.overrides))
    overrides.pop(REVISION_PARAMETER, None)
    values = effective_values(parameters, overrides)
    if args.print_overrides:
        for name in sorted(values):
            print(f"{name}={sam_cli_value(values[name])}")
        print(f"{REVISION_PARAMETER}={revision(values)}")
    else:
        print(revision(values))


if __name__ == "__main__":
    main(sys.argv[1:])
