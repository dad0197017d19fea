"""Validation results as text for a person (`regc validate --format text`)."""
from __future__ import annotations


def _money(value) -> str:
    return "pending" if value is None else f"{value:,} đồng"


def _number(value) -> str:
    return "pending" if value is None else f"{value:g}"


def _sessions(value) -> str:
    return "pending" if value is None else f"{value:g} session" + ("" if value == 1 else "s")


def text(result: dict) -> str:
    status = result["status"].upper().replace("_", " ")
    lines = [f"Case {result.get('case_id') or '(no id)'}: {status}",
             f"  instrument: {result.get('instrument') or 'unknown'}   method: {result.get('method') or '-'}"]
    if result["status"] != "not_governed" and result.get("trace"):
        lines.append(f"  sessions: {_number(result['sessions_declared'])} declared, {_number(result['sessions_payable'])} payable")
        lines.append(f"  base salary: {_money(result['base_salary_vnd'])}")
        lines.append(f"  amount: {_money(result['amount_vnd'])}")
        for p in result.get("providers", []):
            lines.append(f"    {p['id']} ({p['kind']}): {_sessions(p['sessions_payable'])}, {_money(p['amount_vnd'])}")
    if result.get("governed_by"):
        lines.append(f"  governed by: {', '.join(result['governed_by'])}")
    if result["findings"]:
        lines.append("  findings:")
        for f in result["findings"]:
            entry = f" entry {f['entry']}" if f.get("entry") is not None else ""
            entry += f" ({f['where']})" if f.get("where") else ""
            cite = f" [{f['citation']}]" if f.get("citation") else ""
            lines.append(f"    {f['severity']} {f['code']}{cite}{entry}: {f['message']}")
    if result.get("trace"):
        lines.append("  how the figures were reached:")
        for n, step in enumerate(result["trace"], start=1):
            value = "" if step.get("value") is None else f"  = {step['value']:,}" if isinstance(step["value"], int) \
                else f"  = {step['value']}"
            lines.append(f"    {n}. [{step['citation']}] {step['step']}{value}")
    return "\n".join(lines)
