"""assessments by call, newest first

The index on call_pk alone let PostgreSQL answer "the latest assessment of this call" by
walking the created_at index back through the whole table: 1 ms per call at 15,000 rows.

Revision ID: 9531f6d2eaa2
Revises: 1feb8091a5c0
Created: 2026-11-23 11:14:49.440318
"""

from collections.abc import Sequence

from alembic import op

revision: str = '9531f6d2eaa2'
down_revision: str | None = '1feb8091a5c0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_call_pk_created_at', ['call_pk', 'created_at'],
                              unique=False)
        batch_op.drop_index(batch_op.f('ix_assessments_call_pk'))


def downgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_call_pk'), ['call_pk'], unique=False)
        batch_op.drop_index('ix_assessments_call_pk_created_at')
