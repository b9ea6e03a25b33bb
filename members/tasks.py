from celery import shared_task

from .account_mail import email_account_notice, email_password_link, email_password_reset


@shared_task
def send_password_link(user_id: int, invitation: bool, by: str) -> bool:
    return email_password_link(user_id, invitation=invitation, by=by)


@shared_task
def send_account_notice(address: str, language: str, kind: str, params: dict) -> None:
    email_account_notice(address, language, kind, params)


@shared_task
def send_password_reset(address: str) -> None:
    email_password_reset(address)
