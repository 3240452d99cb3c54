"""Teamwork: distributing a project to coders, merging their copies, agreement, consensus."""
