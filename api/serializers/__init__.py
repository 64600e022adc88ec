"""Read serializers: the app's ID (``id``) and Intacct's (``intacct_recordno``, ``intacct_id``)
side by side, amounts as decimal strings, dates in ISO 8601."""
