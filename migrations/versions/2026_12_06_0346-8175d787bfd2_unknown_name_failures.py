"""unknown name failures

Failed sign-ins with a name nobody has were counted in each process's memory: behind a load
balancer, an unknown name took several times as many attempts to lock as a real one, which
told an attacker the name did not exist. They are counted in the database now.

Revision ID: 8175d787bfd2
Revises: 9531f6d2eaa2
Created: 2026-12-06 03:46:58.075178
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models._types

revision: str = '8175d787bfd2'
down_revision: str | None = '9531f6d2eaa2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'unknown_name_failures',
        sa.Column('name_hash', sa.String(length=64), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('locked_until', app.models._types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_failed_at', app.models._types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint('name_hash', name=op.f('pk_unknown_name_failures')),
    )
    with op.batch_alter_table('unknown_name_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unknown_name_failures_last_failed_at'),
                              ['last_failed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unknown_name_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unknown_name_failures_last_failed_at'))
    op.drop_table('unknown_name_failures')
