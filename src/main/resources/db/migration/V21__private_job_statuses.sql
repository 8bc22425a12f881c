-- Job statuses were written with no ACL (public to any read that ignored the class's permissions); they
-- are the master key's only.
UPDATE "_JobStatus" SET "_rperm" = '{}', "_wperm" = '{}' WHERE "_rperm" IS NULL OR "_wperm" IS NULL;
